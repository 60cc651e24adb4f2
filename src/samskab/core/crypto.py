# SPDX-License-Identifier: MPL-2.0
"""The installation's keys: CPR at rest (AES-GCM with key ids), a keyed hash for CPR lookup,
and the keys that seal the audit log (HMAC-SHA256 with key ids). The database holds none."""

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from samskab.core.cpr import Cpr
from samskab.core.settings import Settings


@dataclass
class AuditKeys:
    """The keys that seal audit events; the first id seals, the others only verify."""

    keys: dict[str, bytes]
    active_key_id: str

    def seal(self, message: str) -> tuple[str, str]:
        """The id of the sealing key and the HMAC of `message` under it."""
        return self.active_key_id, _mac(self.keys[self.active_key_id], message)

    def matches(self, key_id: str, message: str, mac: str) -> bool | None:
        """Whether `mac` seals `message` under key `key_id`; None if that key is unknown."""
        key = self.keys.get(key_id)
        if key is None:
            return None
        return hmac.compare_digest(_mac(key, message), mac)

    @classmethod
    def generate(cls) -> "AuditKeys":
        """One fresh random key (tests and first-time set-up)."""
        return cls({"a1": secrets.token_bytes(32)}, "a1")


@dataclass
class CprVault:
    """Encrypts CPR numbers for storage and hashes them for lookup; holds no CPR itself.

    A vault read from the local secrets file follows that file: when `samskab keys rotate
    --new-key` or `rotate-lookup --new-key` changes it, running processes pick the new keys
    up before their next encryption, unknown key id or CPR lookup (a stat of the file).
    """

    keys: dict[str, bytes]
    active_key_id: str
    lookup_key: bytes
    # Lookup keys being rotated away from: still matched, never used for new hashes.
    previous_lookup_keys: tuple[bytes, ...] = ()
    source: Path | None = None
    # The audit log's sealing keys travel with the vault, so every session can seal.
    audit: AuditKeys = field(default_factory=AuditKeys.generate)
    _stamp: int = field(default=0, repr=False)

    def refresh(self) -> None:
        """Take in the keys of the secrets file if it changed since it was read."""
        if self.source is None or not self.source.exists():
            return
        stamp = self.source.stat().st_mtime_ns
        if stamp == self._stamp:
            return
        fresh = _vault_from(json.loads(self.source.read_text()))
        self.keys.update(fresh.keys)
        self.active_key_id = fresh.active_key_id
        self.lookup_key = fresh.lookup_key
        self.previous_lookup_keys = fresh.previous_lookup_keys
        self.audit.keys.update(fresh.audit.keys)
        self.audit.active_key_id = fresh.audit.active_key_id
        self._stamp = stamp

    def encrypt(self, cpr: Cpr) -> tuple[str, bytes]:
        """Ciphertext (nonce + AES-GCM output) and the id of the key that made it."""
        self.refresh()
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[self.active_key_id]).encrypt(
            nonce, cpr.digits.encode(), b"samskab-cpr"
        )
        return self.active_key_id, nonce + sealed

    def decrypt(self, key_id: str, blob: bytes) -> Cpr:
        """The CPR number inside a stored ciphertext."""
        if key_id not in self.keys:
            self.refresh()
        plain = AESGCM(self.keys[key_id]).decrypt(blob[:12], blob[12:], b"samskab-cpr")
        return Cpr(plain.decode())

    def lookup_hash(self, cpr: Cpr) -> str:
        """A keyed hash that finds a citizen by CPR without storing the number in clear."""
        self.refresh()
        return _hmac(self.lookup_key, cpr)

    def lookup_hashes(self, cpr: Cpr) -> list[str]:
        """The hash under the active lookup key and under every key being rotated away from:
        a citizen is found by any of them until `samskab keys rotate-lookup` has finished."""
        self.refresh()
        return [_hmac(key, cpr) for key in (self.lookup_key, *self.previous_lookup_keys)]

    @classmethod
    def generate(cls) -> "CprVault":
        """A vault with fresh random keys (tests and first-time demo set-up)."""
        return cls({"k1": AESGCM.generate_key(256)}, "k1", secrets.token_bytes(32))


def _hmac(key: bytes, cpr: Cpr) -> str:
    return hmac.new(key, cpr.digits.encode(), hashlib.sha256).hexdigest()


def _mac(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _new_audit_key(key_id: str) -> str:
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


def _decode_keys(text: str) -> dict[str, bytes]:
    pairs = (item.split(":", 1) for item in text.split(",") if item.strip())
    return {key_id.strip(): base64.b64decode(value) for key_id, value in pairs}


def _load_or_create_secrets(path: Path) -> dict[str, str]:
    """Secrets for a dev or demo installation, kept outside the repository in a 0600 file."""
    if path.exists():
        data: dict[str, str] = json.loads(path.read_text())
        if not data.get("audit_keys"):
            # An installation from before the keyed audit log gets its key on this start.
            data["audit_keys"] = _new_audit_key("a1")
            _write_secrets(path, data)
        return data
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "cpr_keys": "k1:" + base64.b64encode(AESGCM.generate_key(256)).decode(),
        "cpr_lookup_key": base64.b64encode(secrets.token_bytes(32)).decode(),
        "session_key": base64.b64encode(secrets.token_bytes(32)).decode(),
        "audit_keys": _new_audit_key("a1"),
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle)
    return data


def _write_secrets(path: Path, data: dict[str, str]) -> None:
    """Replace the secrets file at once (mode 0600): a running process never reads half."""
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle)
    os.replace(temporary, path)


def resolve_secrets(settings: Settings) -> dict[str, str]:
    """Secrets from the environment, else from (or into) the local secrets file."""
    if settings.cpr_keys and settings.cpr_lookup_key:
        if not settings.audit_keys:
            raise RuntimeError(
                "SAMSKAB_AUDIT_KEYS is required when the CPR keys come from the environment "
                '(e.g. "a1:" followed by 32 random bytes in base64).'
            )
        return {
            "cpr_keys": settings.cpr_keys,
            "cpr_lookup_key": settings.cpr_lookup_key,
            "cpr_previous_lookup_keys": settings.cpr_previous_lookup_keys,
            "session_key": settings.session_key or settings.cpr_lookup_key,
            "audit_keys": settings.audit_keys,
        }
    return _load_or_create_secrets(settings.secrets_file)


def vault_from_settings(settings: Settings) -> CprVault:
    """The CPR vault configured for this installation (following the secrets file, if the
    secrets come from there rather than from the environment)."""
    vault = _vault_from(resolve_secrets(settings))
    if not (settings.cpr_keys and settings.cpr_lookup_key):
        vault.source = settings.secrets_file
        vault._stamp = settings.secrets_file.stat().st_mtime_ns
    return vault


def _vault_from(found: dict[str, str]) -> CprVault:
    keys = _decode_keys(found["cpr_keys"])
    active = found["cpr_keys"].split(",")[0].split(":", 1)[0].strip()
    previous = tuple(
        base64.b64decode(key)
        for key in found.get("cpr_previous_lookup_keys", "").split(",")
        if key.strip()
    )
    audit_keys = _decode_keys(found["audit_keys"])
    audit = AuditKeys(audit_keys, next(iter(audit_keys)))
    return CprVault(keys, active, base64.b64decode(found["cpr_lookup_key"]), previous, audit=audit)


def add_key_to_secrets_file(settings: Settings) -> str:
    """Make a new CPR key the active one in the local secrets file; returns its id."""
    found = _load_or_create_secrets(settings.secrets_file)
    known = _decode_keys(found["cpr_keys"])
    number = 1 + max((int(k[1:]) for k in known if k[1:].isdigit()), default=0)
    key_id = f"k{number}"
    found["cpr_keys"] = (
        f"{key_id}:{base64.b64encode(AESGCM.generate_key(256)).decode()}," + (found["cpr_keys"])
    )
    _write_secrets(settings.secrets_file, found)
    return key_id


def new_lookup_key_in_secrets_file(settings: Settings) -> None:
    """Make a new lookup key the active one in the local secrets file; the old one is kept as
    previous until every citizen is rehashed."""
    found = _load_or_create_secrets(settings.secrets_file)
    previous = [k for k in found.get("cpr_previous_lookup_keys", "").split(",") if k.strip()]
    found["cpr_previous_lookup_keys"] = ",".join([found["cpr_lookup_key"], *previous])
    found["cpr_lookup_key"] = base64.b64encode(secrets.token_bytes(32)).decode()
    # The session key stays what it was, so nobody is logged out by the rotation.
    _write_secrets(settings.secrets_file, found)


def forget_previous_lookup_keys(settings: Settings) -> None:
    """After a finished rehash: drop the old lookup keys from the local secrets file."""
    found = _load_or_create_secrets(settings.secrets_file)
    found["cpr_previous_lookup_keys"] = ""
    _write_secrets(settings.secrets_file, found)


def add_audit_key_to_secrets_file(settings: Settings) -> str:
    """Make a new audit sealing key the active one in the local secrets file; the old keys
    stay to verify the events they sealed. Returns the new key's id."""
    found = _load_or_create_secrets(settings.secrets_file)
    known = _decode_keys(found["audit_keys"])
    number = 1 + max((int(k[1:]) for k in known if k[1:].isdigit()), default=0)
    key_id = f"a{number}"
    found["audit_keys"] = f"{_new_audit_key(key_id)},{found['audit_keys']}"
    _write_secrets(settings.secrets_file, found)
    return key_id
