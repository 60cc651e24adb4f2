# SPDX-License-Identifier: MPL-2.0
"""CPR at rest: AES-GCM encryption with key ids, and a keyed hash for lookup."""

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from samskab.core.cpr import Cpr
from samskab.core.settings import Settings


@dataclass(frozen=True)
class CprVault:
    """Encrypts CPR numbers for storage and hashes them for lookup; holds no CPR itself."""

    keys: dict[str, bytes]
    active_key_id: str
    lookup_key: bytes

    def encrypt(self, cpr: Cpr) -> tuple[str, bytes]:
        """Ciphertext (nonce + AES-GCM output) and the id of the key that made it."""
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[self.active_key_id]).encrypt(
            nonce, cpr.digits.encode(), b"samskab-cpr"
        )
        return self.active_key_id, nonce + sealed

    def decrypt(self, key_id: str, blob: bytes) -> Cpr:
        """The CPR number inside a stored ciphertext."""
        plain = AESGCM(self.keys[key_id]).decrypt(blob[:12], blob[12:], b"samskab-cpr")
        return Cpr(plain.decode())

    def lookup_hash(self, cpr: Cpr) -> str:
        """A keyed hash that finds a citizen by CPR without storing the number in clear."""
        return hmac.new(self.lookup_key, cpr.digits.encode(), hashlib.sha256).hexdigest()

    @classmethod
    def generate(cls) -> "CprVault":
        """A vault with fresh random keys (tests and first-time demo set-up)."""
        return cls({"k1": AESGCM.generate_key(256)}, "k1", secrets.token_bytes(32))


def _decode_keys(text: str) -> dict[str, bytes]:
    pairs = (item.split(":", 1) for item in text.split(",") if item.strip())
    return {key_id.strip(): base64.b64decode(value) for key_id, value in pairs}


def _load_or_create_secrets(path: Path) -> dict[str, str]:
    """Secrets for a dev or demo installation, kept outside the repository in a 0600 file."""
    if path.exists():
        data: dict[str, str] = json.loads(path.read_text())
        return data
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "cpr_keys": "k1:" + base64.b64encode(AESGCM.generate_key(256)).decode(),
        "cpr_lookup_key": base64.b64encode(secrets.token_bytes(32)).decode(),
        "session_key": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle)
    return data


def resolve_secrets(settings: Settings) -> dict[str, str]:
    """Secrets from the environment, else from (or into) the local secrets file."""
    if settings.cpr_keys and settings.cpr_lookup_key:
        return {
            "cpr_keys": settings.cpr_keys,
            "cpr_lookup_key": settings.cpr_lookup_key,
            "session_key": settings.session_key or settings.cpr_lookup_key,
        }
    return _load_or_create_secrets(settings.secrets_file)


def vault_from_settings(settings: Settings) -> CprVault:
    """The CPR vault configured for this installation."""
    found = resolve_secrets(settings)
    keys = _decode_keys(found["cpr_keys"])
    active = found["cpr_keys"].split(",")[0].split(":", 1)[0].strip()
    return CprVault(keys, active, base64.b64decode(found["cpr_lookup_key"]))


def add_key_to_secrets_file(settings: Settings) -> str:
    """Make a new CPR key the active one in the local secrets file; returns its id."""
    found = _load_or_create_secrets(settings.secrets_file)
    known = _decode_keys(found["cpr_keys"])
    number = 1 + max((int(k[1:]) for k in known if k[1:].isdigit()), default=0)
    key_id = f"k{number}"
    found["cpr_keys"] = (
        f"{key_id}:{base64.b64encode(AESGCM.generate_key(256)).decode()}," + (found["cpr_keys"])
    )
    settings.secrets_file.write_text(json.dumps(found))
    return key_id
