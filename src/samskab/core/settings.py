# SPDX-License-Identifier: MPL-2.0
"""Settings read from the environment (prefix SAMSKAB_) or a .env file."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime configuration of one samskab installation."""

    model_config = SettingsConfigDict(env_prefix="SAMSKAB_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./samskab.db"
    # Where generated secrets live when none are given in the environment (dev and demo only).
    secrets_file: Path = Path(".samskab/secrets.json")
    # Comma-separated "key_id:base64key" pairs; the first is used for new encryptions.
    cpr_keys: str = ""
    # Base64 key for the keyed CPR lookup hash (HMAC-SHA256).
    cpr_lookup_key: str = ""
    # Comma-separated base64 lookup keys being rotated away from (matched until rehashed).
    cpr_previous_lookup_keys: str = ""
    # Base64 key that signs web session cookies.
    session_key: str = ""
    # Comma-separated "key_id:base64key" pairs that seal the audit log (HMAC-SHA256); the first
    # seals new events, the others only verify older ones. Required when the CPR keys come
    # from the environment; otherwise kept in the secrets file.
    audit_keys: str = ""
    # The write-once file outside the database that `samskab audit anchor` appends the audit
    # chain's head to and `samskab audit verify` compares against.
    audit_anchor_file: Path = Path(".samskab/audit-anchors.log")
    demo: bool = False
    # Serving (see docs/operations.md). Each worker process admits at most `admission_limit`
    # requests at once, lets `admission_queue` more wait up to `admission_wait` seconds for a
    # turn, and answers any others with 503 and Retry-After; its connection pool holds
    # `pool_size` connections (default: the admission limit, so an admitted request never
    # waits for one) plus `pool_max_overflow` for live streams. Keep workers × (pool_size +
    # pool_max_overflow) + a few below PostgreSQL's max_connections.
    workers: int = 1
    admission_limit: int = 32
    admission_queue: int = 256
    admission_wait: float = 5.0
    pool_size: int | None = None
    pool_max_overflow: int = 4
    # Seconds to wait for a connection before failing, and before a connection is replaced
    # (instead of a ping on every checkout).
    pool_timeout: float = 10.0
    pool_recycle: int = 1800
    # Seconds a worker remembers who is behind a token or log-in; revocations, closures and
    # role or team changes are heard at once regardless.
    actor_cache_seconds: float = 30.0
    # Send cookies over HTTPS only (set in production, behind TLS).
    secure_cookies: bool = False
    log_level: str = "INFO"
    # Comma-separated addresses or networks of the reverse proxies in front of samskab: only a
    # request from one of them has its X-Forwarded-For believed as the client's address (in
    # the audit log and the log-in brakes). Empty: the peer's own address, always.
    trusted_proxies: str = ""
    # OpenID Connect (staff through the organisation's provider; citizens through MitID).
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_scope: str = "openid profile"
    # The claim carrying a citizen's CPR number (MitID through NemLog-in).
    oidc_cpr_claim: str = "dk.cpr"
    # The region's tariff rule (framework agreement): budgeted occupancy range, the share of a
    # surplus that may be set aside, and whether and how many years later results are carried.
    tariff_lowest_occupancy: float = 0.95
    tariff_highest_occupancy: float = 1.0
    tariff_surplus_set_aside: float = 0.05
    tariff_carry_deficit: bool = True
    tariff_carry_years: int = 2


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return Settings()
