# SPDX-License-Identifier: MPL-2.0
"""The audit key lives in the installation's secrets, never in the database: made on first
start (also for an installation from before the keyed log), rotated with a new key id while
older events stay verifiable, and required when the other secrets come from the environment."""

import json
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from samskab.access.actor import Actor
from samskab.audit.actions import record
from samskab.audit.chain import verify
from samskab.audit.models import AuditEvent
from samskab.audit.sealer import seal_all
from samskab.core.crypto import vault_from_settings
from samskab.core.db import Database
from samskab.core.settings import Settings
from tests.live import SAMSKAB, cli_env

NOBODY = Actor(user_id=None, display_name="Driften", roles=frozenset(), purpose="drift")


def _settings(tmp_path: Path) -> Settings:
    return Settings(secrets_file=tmp_path / "secrets.json")


def _write_one_event(db: Database) -> None:
    with db.unit_of_work() as session:
        record(session, NOBODY, "audit.test", citizen_id=None, object_type="audit")
    seal_all(db)


def test_a_secrets_file_from_before_the_keyed_log_gets_an_audit_key_on_start(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path)
    vault_from_settings(settings)
    old = json.loads(settings.secrets_file.read_text())
    del old["audit_keys"]
    settings.secrets_file.write_text(json.dumps(old))
    vault = vault_from_settings(settings)
    stored = json.loads(settings.secrets_file.read_text())
    assert stored["audit_keys"].startswith("a1:") and vault.audit.active_key_id == "a1"
    assert vault_from_settings(settings).audit.keys == vault.audit.keys


def test_a_rotated_audit_key_seals_new_events_and_older_events_still_verify(
    db: Database, tmp_path: Path
) -> None:
    settings = _settings(tmp_path)
    running = Database(
        db.bind, vault_from_settings(settings), join_transaction_mode="create_savepoint"
    )
    _write_one_event(running)
    env = cli_env("sqlite://", tmp_path)
    rotated = subprocess.run(
        [SAMSKAB, "keys", "rotate-audit"], env=env, capture_output=True, text=True, check=False
    )
    assert rotated.returncode == 0 and "a2" in rotated.stderr, rotated.stderr
    _write_one_event(running)  # the running process follows the secrets file
    with running.sessions() as session:
        seals = session.scalars(sa.select(AuditEvent.key_id).order_by(AuditEvent.seq)).all()
        checked, finding = verify(session)
    assert seals[-2:] == ["a1", "a2"] and finding is None and checked == len(seals)


def test_an_event_sealed_under_another_installations_key_is_refused(
    db: Database, tmp_path: Path
) -> None:
    other = vault_from_settings(_settings(tmp_path / "other"))
    _write_one_event(Database(db.bind, other, join_transaction_mode="create_savepoint"))
    with Database(db.bind, vault_from_settings(_settings(tmp_path))).sessions() as session:
        _, finding = verify(session)
    assert finding is not None and "seglet passer ikke" in finding.problem


def test_keys_from_the_environment_need_an_audit_key_too() -> None:
    settings = Settings(cpr_keys="k1:" + "A" * 44, cpr_lookup_key="B" * 44, audit_keys="")
    with pytest.raises(RuntimeError, match="SAMSKAB_AUDIT_KEYS"):
        vault_from_settings(settings)
    found = vault_from_settings(settings.model_copy(update={"audit_keys": "a7:" + "C" * 44}))
    assert found.audit.active_key_id == "a7"
