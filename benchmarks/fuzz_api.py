# SPDX-License-Identifier: MPL-2.0
"""Fuzz the REST API with schemathesis: generated requests against every operation, checking
that none causes a server error and every answer matches the published schema.

Run:  .venv/bin/python benchmarks/fuzz_api.py --examples 60
Starts `samskab serve` on a fresh SQLite demo database, authenticates as Anna, runs the
schemathesis CLI against /api/openapi.json and writes its summary to benchmarks/results/.
"""

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.live import SAMSKAB, cli_env, free_port, token_for

RESULTS = Path(__file__).parent / "results"
SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=60, help="examples per operation")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = cli_env(f"sqlite:///{folder}/fuzz.db", Path(folder))
        subprocess.run(
            [SAMSKAB, "demo", "--citizens", "50"], env=env, check=True, capture_output=True
        )
        token = token_for(env, "anna")
        port = free_port()
        server = subprocess.Popen(
            [SAMSKAB, "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    httpx.get(f"{base}/api/openapi.json", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            started = time.perf_counter()
            run = subprocess.run(
                [
                    SCHEMATHESIS,
                    "run",
                    f"{base}/api/openapi.json",
                    "--checks",
                    "not_a_server_error,response_schema_conformance",
                    "-n",
                    str(args.examples),
                    "-H",
                    f"Authorization: Bearer {token}",
                    "--no-color",
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=20)
    summary = re.search(r"(\d+) generated, (.*)", run.stdout)
    line = summary.group(0) if summary else "no summary"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api_fuzz.md").write_text(
        "# REST API fuzzing with schemathesis\n\n"
        f"Command: `.venv/bin/python benchmarks/fuzz_api.py --examples {args.examples}` "
        "(checks: not_a_server_error, response_schema_conformance; authenticated as Anna on a "
        "50-citizen demo municipality).\n\n"
        f"- Test cases: {line}\n- Exit code: {run.returncode}\n- Time: {seconds:.0f} s\n"
    )
    print(run.stdout[-3000:])
    sys.exit(run.returncode)


if __name__ == "__main__":
    main()
