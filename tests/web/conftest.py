# SPDX-License-Identifier: MPL-2.0
"""Real browser tests: a live samskab on loopback, Debian's Chromium, and axe-core."""

import json
import os
import secrets
import shutil
import threading
import time
import warnings
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from samskab import migrations
from samskab.app import create_app
from samskab.core.db import Database, make_engine
from samskab.demo.generator import generate
from tests.conftest import IN_CI, VAULT
from tests.live import free_port

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's chromium, or a loud skip (a failure in CI)."""
    found = os.environ.get("SAMSKAB_CHROMIUM") or shutil.which("chromium")
    if found:
        return found
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if IN_CI:
        pytest.fail(f"{message}; .ci/run should have installed it.")
    warnings.warn(f"SKIPPING browser tests: {message}", stacklevel=1)
    pytest.skip(f"SKIPPED LOUDLY: {message}")


def launch(playwright: Any) -> Any:
    """Chromium started the way this machine allows (no sandbox as root, no background calls)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)


def axe_problems(page: Any) -> list[str]:
    """Serious and critical axe-core violations on the page as it is now."""
    script = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()
    page.add_script_tag(content=script)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} – "
        + json.dumps([n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """samskab serving a small demo municipality on a loopback port."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('live')}/demo.db")
    migrations.upgrade(engine)
    db = Database(engine, VAULT)
    generate(db, citizens=150, seed=1)
    app = create_app(db, demo=True, session_key=secrets.token_hex(16))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()
