# SPDX-License-Identifier: MPL-2.0
"""The command line as an IT operator uses it: generate a demo, mint a token, call the API."""

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import select

from samskab.app import create_app
from samskab.core.crypto import vault_from_settings
from samskab.core.db import Database, make_engine
from samskab.core.settings import Settings
from samskab.organisations.actions import hash_token
from samskab.organisations.models import ApiToken
from tests.conftest import fresh_database_url
from tests.live import cli_env, free_port

SAMSKAB = str(Path(sys.executable).parent / "samskab")


@pytest.fixture(params=["sqlite", "postgresql"])
def installation(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    urls = fresh_database_url(request.param, str(tmp_path))
    env = os.environ | {
        "SAMSKAB_DATABASE_URL": next(urls),
        "SAMSKAB_SECRETS_FILE": str(tmp_path / "secrets.json"),
    }
    yield env
    next(urls, None)


def _samskab(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SAMSKAB, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.slow
def test_a_token_minted_on_the_command_line_opens_the_api(installation: dict[str, str]) -> None:
    demo = _samskab(installation, "demo", "--citizens", "60", "--seed", "4")
    assert demo.returncode == 0, demo.stderr
    assert "60 borgere" in demo.stderr
    token = _samskab(installation, "users", "token", "anna").stdout.strip()
    assert token.startswith("smk_")
    with make_engine(installation["SAMSKAB_DATABASE_URL"]).connect() as conn:
        unsealed = conn.scalar(sa.text("SELECT count(*) FROM audit_event WHERE mac IS NULL"))
        written = conn.scalar(sa.text("SELECT count(*) FROM audit_event"))
    assert written and unsealed == 0  # each command sealed what it wrote
    settings = Settings(
        database_url=installation["SAMSKAB_DATABASE_URL"],
        secrets_file=Path(installation["SAMSKAB_SECRETS_FILE"]),
    )
    engine = make_engine(settings.database_url)
    app = create_app(Database(engine, vault_from_settings(settings)), session_key="x" * 32)
    with TestClient(app) as client:
        mine = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    engine.dispose()
    assert mine.status_code == 200
    assert "Mette Sørensen" in {case["citizen_name"] for case in mine.json()["items"]}


@pytest.mark.slow
def test_the_command_line_answers_errors_in_danish_with_an_exit_code(
    installation: dict[str, str],
) -> None:
    assert _samskab(installation, "db", "upgrade").returncode == 0
    unknown_user = _samskab(installation, "users", "token", "ingen")
    unknown_town = _samskab(installation, "demo", "--municipality", "9999", "--citizens", "1")
    assert unknown_user.returncode == unknown_town.returncode == 2
    assert "Brugeren blev ikke fundet" in unknown_user.stderr
    assert "Kommunekoden '9999' findes ikke" in unknown_town.stderr


@pytest.mark.slow
def test_serve_demo_starts_the_web_app_with_a_demo_municipality(tmp_path: Path) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {
        "SAMSKAB_DATABASE_URL": f"sqlite:///{tmp_path}/samskab.db",
        "SAMSKAB_SECRETS_FILE": str(tmp_path / "secrets.json"),
    }
    server = subprocess.Popen(
        [SAMSKAB, "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = ""
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login") as answer:
                    page = answer.read().decode()
                break
            except OSError:
                time.sleep(0.25)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Anna Holm" in page and "DEMO" in page, output
    assert "2000/2000" in output or "2000 borgere" in output


@pytest.mark.slow
def test_offers_are_generated_exported_planned_and_a_broken_file_is_refused(
    installation: dict[str, str], tmp_path: Path
) -> None:
    made = _samskab(installation, "offers", "generate", "--seed", "2")
    assert made.returncode == 0, made.stderr
    assert "tilbud med" in made.stderr and "98/98" in made.stderr
    exported = tmp_path / "tilbud.json"
    assert _samskab(installation, "offers", "export", str(exported)).returncode == 0
    offers = json.loads(exported.read_text())["tilbud"]
    assert 1_900 <= len(offers) <= 2_100
    again = _samskab(installation, "offers", "import", str(exported))
    assert again.returncode == 0, again.stderr
    assert "0 nye" in again.stderr
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"tilbud": [offers[0] | {"pladser": 0}, offers[1]]}))
    refused = _samskab(installation, "offers", "import", str(broken))
    assert refused.returncode == 1
    assert "Valideringsrapport" in refused.stdout and "pladser" in refused.stdout
    assert "Filen blev ikke indlæst" in refused.stderr
    plan = _samskab(
        installation, "placement", "plan", "--region", "1081", "--json", "--keep-local", "0.8"
    )
    assert plan.returncode == 0, plan.stderr
    figures = json.loads(plan.stdout)
    assert figures["optimal"]["cost"] <= figures["greedy"]["cost"]
    assert figures["optimal"]["placed"] + figures["optimal"]["unplaced"] == figures["citizens"]
    assert figures["scenario"]["keep_local"] == 0.8
    table = _samskab(installation, "placement", "plan", "--region", "1081")
    assert "Først-til-mølle" in table.stdout and "Optimal ÷ først-til-mølle" in table.stdout
    unknown = _samskab(installation, "placement", "plan", "--region", "1234")
    assert unknown.returncode == 2
    assert "Regionskoden '1234' findes ikke" in unknown.stderr


@pytest.mark.slow
def test_serve_with_two_workers_refuses_a_token_revoked_on_the_command_line_at_once(
    tmp_path: Path,
) -> None:
    urls = fresh_database_url("postgresql", str(tmp_path))
    env = cli_env(next(urls), tmp_path)
    assert _samskab(env, "demo", "--citizens", "30", "--seed", "3").returncode == 0
    token = _samskab(env, "users", "token", "anna").stdout.strip()
    engine = make_engine(env["SAMSKAB_DATABASE_URL"])
    with engine.connect() as conn:
        token_id = conn.scalar(select(ApiToken.id).where(ApiToken.token_hash == hash_token(token)))
    engine.dispose()
    port = free_port()
    server = subprocess.Popen(
        [SAMSKAB, "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base, headers = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"}
    try:
        deadline = time.monotonic() + 180  # two workers import samskab on a busy machine
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{base}/api/openapi.json", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.25)
        before = {httpx.get(f"{base}/api/v1/cases", headers=headers).status_code for _ in range(10)}
        revoked = _samskab(env, "users", "revoke-token", str(token_id))
        after = {httpx.get(f"{base}/api/v1/cases", headers=headers).status_code for _ in range(10)}
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[1]
        next(urls, None)
    assert revoked.returncode == 0, revoked.stderr
    assert (before, after) == ({200}, {401}), output
