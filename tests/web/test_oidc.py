# SPDX-License-Identifier: MPL-2.0
"""Log-in through a real OpenID Connect provider (panva/oidc-provider on loopback)."""

import fcntl
import os
import shutil
import subprocess
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from samskab import migrations
from samskab.app import create_app
from samskab.citizens.models import Citizen
from samskab.core.db import Database, make_engine
from samskab.demo.generator import generate
from samskab.demo.organisation import persona_citizen_id
from samskab.web.oidc import OidcConfig
from tests.conftest import IN_CI, VAULT
from tests.live import free_ports, serving
from tests.web.conftest import ARTIFACTS, launch

pytestmark = pytest.mark.browser
PROVIDER = Path(__file__).resolve().parents[1] / "oidc"


def _install_provider() -> bool:
    """Run `npm ci` once, under a lock: xdist workers must not extract over each other.

    `node_modules/oidc-provider` exists long before `npm ci` has finished, so
    readiness is a marker written only after a successful install.
    """
    ready = PROVIDER / "node_modules" / ".samskab-ready"
    with open(PROVIDER / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if ready.exists():
            return True
        if not shutil.which("npm"):
            return False
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--silent"],
            cwd=PROVIDER,
            check=False,
            timeout=300,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            warnings.warn(f"npm ci failed: {done.stderr[-2000:]}", stacklevel=1)
            return False
        ready.touch()
        return True


def _node() -> str:
    node = shutil.which("node")
    if node and _install_provider():
        return node
    message = "Node.js with the oidc-provider package is not available"
    if IN_CI:
        pytest.fail(f"{message}; the OIDC login test must run in CI.")
    warnings.warn(f"SKIPPING the OIDC test: {message}", stacklevel=1)
    pytest.skip(f"SKIPPED LOUDLY: {message}")


@pytest.fixture(scope="module")
def oidc_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """samskab with a demo municipality, logging in through a real provider."""
    node = _node()
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('oidc')}/demo.db")
    migrations.upgrade(engine)
    db = Database(engine, VAULT)
    generate(db, citizens=50, seed=3)
    with db.sessions() as session:
        mette = session.get_one(Citizen, persona_citizen_id("Mette"))
        cpr = VAULT.decrypt(mette.cpr_key_id, mette.cpr_ciphertext).digits
    app_port, provider_port = free_ports(2)
    env = os.environ | {
        "PORT": str(provider_port),
        "CLIENT_ID": "samskab",
        "CLIENT_SECRET": "test-secret-only",
        "REDIRECT_URI": f"http://127.0.0.1:{app_port}/login/oidc/callback",
        "METTE_CPR": cpr,
    }
    provider = subprocess.Popen(
        [node, "provider.mjs"],
        cwd=PROVIDER,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    issuer = f"http://127.0.0.1:{provider_port}"
    for _ in range(300):
        try:
            httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
            break
        except httpx.HTTPError:
            assert provider.poll() is None, provider.communicate()[0]
            time.sleep(0.1)
    else:
        provider.terminate()
        pytest.fail("the OIDC provider did not start: " + provider.communicate()[0])
    config = OidcConfig(issuer, "samskab", "test-secret-only")
    app = create_app(db, session_key="s" * 32, oidc=config)
    try:
        with serving(app, app_port) as base:
            yield {"base": base, "db": db}
    finally:
        provider.terminate()
        provider.wait(timeout=10)
        engine.dispose()


def _log_in(playwright: Any, base: str, login: str) -> Any:
    browser = launch(playwright)
    page = browser.new_page()
    page.goto(f"{base}/login")
    page.get_by_role("link", name="Log ind med MitID eller din organisations log-in").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any")
    page.locator("button[type=submit]").click()
    if page.locator("button[type=submit]").count() and "/interaction/" in page.url:
        page.locator("button[type=submit]").click()  # the consent prompt
    page.wait_for_load_state()
    return browser, page


def test_a_caseworker_logs_in_through_the_provider_and_lands_on_her_cases(
    oidc_world: dict[str, Any],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser, page = _log_in(playwright, oidc_world["base"], "anna")
        expect(page.get_by_role("heading", name="Mine sager")).to_be_visible()
        expect(
            page.locator("#sagsliste").get_by_role("link", name="Mette Sørensen")
        ).to_be_visible()
        page.screenshot(path=ARTIFACTS / "oidc-anna.png")
        browser.close()


def test_a_citizen_logs_in_with_her_cpr_claim_and_sees_her_own_page(
    oidc_world: dict[str, Any],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from samskab.organisations.models import User

    with sync_playwright() as playwright:
        browser, page = _log_in(playwright, oidc_world["base"], "mette")
        expect(page.get_by_role("heading", name="Hej Mette")).to_be_visible()
        assert "/min-side" in page.url
        browser.close()
    with oidc_world["db"].sessions() as session:
        users = session.scalars(
            select(User).where(User.citizen_id == persona_citizen_id("Mette"))
        ).all()
    assert len(users) == 1  # the demo's Mette: no second account made


def test_an_identity_without_an_account_gets_no_access(oidc_world: dict[str, Any]) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser, page = _log_in(playwright, oidc_world["base"], "ukendt-person")
        expect(page.get_by_role("heading", name="Ingen adgang")).to_be_visible()
        page.goto(f"{oidc_world['base']}/mine-sager")
        assert page.url.endswith("/login")
        browser.close()
