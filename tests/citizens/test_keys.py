# SPDX-License-Identifier: MPL-2.0
"""Rotating the CPR key: re-encrypted batch by batch while reads keep working."""

import json
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import func, select

from samskab import migrations
from samskab.citizens.keys import rehash_batch, rotate_all, rotate_batch, stale_count
from samskab.citizens.models import Citizen
from samskab.core.crypto import CprVault, vault_from_settings
from samskab.core.db import Database, make_engine
from samskab.core.settings import Settings
from samskab.demo.generator import generate
from tests.conftest import VAULT, fresh_database_url
from tests.live import SAMSKAB, cli_env


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    urls = fresh_database_url(request.param, str(tmp_path))
    yield next(urls)
    next(urls, None)


def test_rotation_re_encrypts_everything_and_reads_work_throughout(url: str) -> None:
    engine = make_engine(url)
    migrations.upgrade(engine)
    generate(Database(engine, VAULT), citizens=40, seed=9)
    rotated = CprVault({"k2": AESGCM.generate_key(256), **VAULT.keys}, "k2", VAULT.lookup_key)
    db = Database(engine, rotated)
    with db.sessions() as session:
        numbers = [
            VAULT.decrypt(k, b)
            for k, b in session.execute(select(Citizen.cpr_key_id, Citizen.cpr_ciphertext))
        ]
        assert stale_count(session) == len(numbers) == 43
    with db.unit_of_work() as session:
        assert rotate_batch(session, 10) == 10
    with db.sessions() as session:  # half-way: both keys in use, every number still readable
        rows = session.execute(select(Citizen.cpr_key_id, Citizen.cpr_ciphertext)).all()
    assert {k for k, _ in rows} == {"k1", "k2"}
    assert sorted(rotated.decrypt(k, b).digits for k, b in rows) == sorted(
        n.digits for n in numbers
    )

    def batch() -> int:
        with db.unit_of_work() as session:
            return rotate_batch(session, 10)

    assert rotate_all(batch) == 33
    only_new = CprVault({"k2": rotated.keys["k2"]}, "k2", VAULT.lookup_key)
    with db.sessions() as session:
        assert stale_count(session) == 0
        rows = session.execute(select(Citizen.cpr_key_id, Citizen.cpr_ciphertext)).all()
    assert sorted(only_new.decrypt(k, b).digits for k, b in rows) == sorted(
        n.digits for n in numbers
    )
    engine.dispose()


def test_the_command_line_makes_a_new_key_and_rotates(url: str, tmp_path: Path) -> None:
    env = cli_env(url, tmp_path)
    subprocess.run(
        [SAMSKAB, "demo", "--citizens", "10"], env=env, check=True, capture_output=True, timeout=300
    )
    settings = Settings(database_url=url, secrets_file=Path(env["SAMSKAB_SECRETS_FILE"]))
    running = vault_from_settings(settings)  # the app, started before the rotation
    result = subprocess.run(
        [SAMSKAB, "keys", "rotate", "--new-key"],
        env=env,
        text=True,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Ny aktiv nøgle: k2" in result.stderr and "13 CPR-numre" in result.stderr
    secrets = json.loads((tmp_path / "secrets.json").read_text())
    assert secrets["cpr_keys"].startswith("k2:") and ",k1:" in secrets["cpr_keys"]
    engine = make_engine(url)
    with Database(engine, running).sessions() as session:
        rows = session.execute(select(Citizen.cpr_key_id, Citizen.cpr_ciphertext)).all()
    engine.dispose()
    assert {k for k, _ in rows} == {"k2"}
    assert len({running.decrypt(k, b).digits for k, b in rows}) == 13  # it followed the file
    again = subprocess.run(
        [SAMSKAB, "keys", "rotate"],
        env=env,
        text=True,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert "0 CPR-numre" in again.stderr


def test_the_lookup_key_rotates_and_citizens_are_found_before_during_and_after(url: str) -> None:
    engine = make_engine(url)
    migrations.upgrade(engine)
    generate(Database(engine, VAULT), citizens=40, seed=9)
    with Database(engine, VAULT).sessions() as session:
        numbers = [
            VAULT.decrypt(k, b)
            for k, b in session.execute(select(Citizen.cpr_key_id, Citizen.cpr_ciphertext))
        ]
    rotating = CprVault(dict(VAULT.keys), "k1", secrets.token_bytes(32), (VAULT.lookup_key,))
    db = Database(engine, rotating)

    def found(vault: CprVault) -> int:
        with db.sessions() as session:
            return sum(
                session.scalar(
                    select(func.count()).where(Citizen.cpr_lookup.in_(vault.lookup_hashes(n)))
                )
                or 0
                for n in numbers
            )

    assert found(rotating) == len(numbers) == 43
    with db.unit_of_work() as session:
        assert rehash_batch(session, None, 10)[:2] == (10, 10)
    assert found(rotating) == 43  # half-way: old and new hashes side by side
    after = None
    changed = 0
    while True:
        with db.unit_of_work() as session:
            _, done, after = rehash_batch(session, after, 10)
        changed += done
        if after is None:
            break
    assert changed == 33
    only_new = CprVault(dict(VAULT.keys), "k1", rotating.lookup_key)
    assert found(only_new) == 43
    assert found(VAULT) == 0
    engine.dispose()


def test_the_command_line_rotates_the_lookup_key_and_a_running_app_follows(
    url: str, tmp_path: Path
) -> None:
    env = cli_env(url, tmp_path)
    subprocess.run(
        [SAMSKAB, "demo", "--citizens", "10"], env=env, check=True, capture_output=True, timeout=300
    )
    settings = Settings(database_url=url, secrets_file=Path(env["SAMSKAB_SECRETS_FILE"]))
    running = vault_from_settings(settings)  # the app, started before the rotation
    engine = make_engine(url)
    with Database(engine, running).sessions() as session:
        blob = session.execute(select(Citizen.cpr_key_id, Citizen.cpr_ciphertext)).first()
    assert blob is not None
    cpr = running.decrypt(*blob)
    old_hash = running.lookup_hash(cpr)
    result = subprocess.run(
        [SAMSKAB, "keys", "rotate-lookup", "--new-key"],
        env=env,
        text=True,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "13 borgere gennemgået, 13 CPR-opslag beregnet igen" in result.stderr
    assert (
        json.loads(Path(env["SAMSKAB_SECRETS_FILE"]).read_text())["cpr_previous_lookup_keys"] == ""
    )
    new_hash = running.lookup_hash(cpr)  # the running app has followed the secrets file
    assert new_hash != old_hash
    with Database(engine, running).sessions() as session:
        assert session.scalar(select(Citizen.id).where(Citizen.cpr_lookup == new_hash))
    engine.dispose()
