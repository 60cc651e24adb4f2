# SPDX-License-Identifier: MPL-2.0
"""Real servers for tests that need committed data, live streams or several worker processes."""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

import httpx
import uvicorn
from fastapi import FastAPI

SAMSKAB = str(Path(sys.executable).parent / "samskab")


def free_port() -> int:
    """A loopback port nobody listens on."""
    return free_ports(1)[0]


def free_ports(count: int) -> list[int]:
    """Distinct free loopback ports (all held open together, so none is handed out twice)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


@contextmanager
def serving(app: FastAPI, port: int | None = None) -> Iterator[str]:
    """The app on a loopback port in this process, for as long as the block runs."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def cli_env(database_url: str, folder: Path) -> dict[str, str]:
    """Environment for running the samskab command against one database."""
    return os.environ | {
        "SAMSKAB_DATABASE_URL": database_url,
        "SAMSKAB_SECRETS_FILE": str(folder / "secrets.json"),
        "SAMSKAB_AUDIT_ANCHOR_FILE": str(folder / "audit-anchors.log"),
        "SAMSKAB_LOG_LEVEL": "WARNING",
    }


@contextmanager
def worker_processes(
    env: dict[str, str], count: int, logs: Path | None = None, *, start_seconds: float = 20
) -> Iterator[list[str]]:
    """`count` separate `samskab serve` processes on one database. Their output goes to files
    (`worker-PORT.log` in `logs`, else one temporary file), never a pipe: a pipe nobody reads
    fills up under load and freezes them. A worker still holding live streams when the block
    ends is killed."""
    ports = free_ports(count)
    with ExitStack() as stack:
        outputs: list[IO[bytes]]
        if logs is None:
            shared = stack.enter_context(tempfile.TemporaryFile())
            outputs = [shared] * count
        else:
            outputs = [stack.enter_context((logs / f"worker-{p}.log").open("wb")) for p in ports]
        processes = [
            subprocess.Popen(
                [SAMSKAB, "serve", "--port", str(port)], env=env, stdout=out, stderr=out
            )
            for port, out in zip(ports, outputs, strict=True)
        ]
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        try:
            for url in urls:
                for _ in range(int(start_seconds * 10)):
                    try:
                        httpx.get(f"{url}/api/openapi.json", timeout=1)
                        break
                    except httpx.HTTPError:
                        time.sleep(0.1)
            yield urls
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:  # still waiting for live streams to close
                    process.kill()
                    process.wait(timeout=30)


def token_for(env: dict[str, str], username: str) -> str:
    """A fresh API token minted on the command line."""
    result = subprocess.run(
        [SAMSKAB, "users", "token", username, "--label", secrets.token_hex(2)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()
