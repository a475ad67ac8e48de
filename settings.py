"""One Settings object, read once from the environment (and a `.env` file if present)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{ROOT / 'data' / 'configurator.sqlite3'}",
        description="SQLAlchemy URL; postgresql+psycopg://... for several app replicas",
    )
    catalogs_dir: Path = Field(
        default=ROOT / "catalogs", description="folder of catalog YAML files that `python -m store init` publishes"
    )
    return_window_days: int = Field(default=7, ge=0, description="days after delivery a buyer may return")
    mail_from: str = Field(default="shop@localhost", description="sender address of the shop's e-mails")
    public_url: str = Field(default="http://localhost:8501", description="the shop's address, for links in e-mails")
    outbox_dir: Path = Field(
        default=ROOT / "data" / "outbox", description="e-mails waiting to be sent, one file each, deleted once sent"
    )
    mailbox_dir: Path = Field(
        default=ROOT / "data" / "mailbox", description="development: e-mails are delivered here when no SMTP is set"
    )
    smtp_host: str | None = Field(default=None, description="mail server; none: e-mails go to the mailbox folder")
    smtp_port: int = Field(default=587, description="mail server port")
    smtp_username: str | None = Field(default=None, description="mail server account, if it asks for one")
    smtp_password: str | None = Field(default=None, description="that account's password (a secret)")
    smtp_starttls: bool = Field(default=True, description="upgrade the mail server connection to TLS (STARTTLS)")
    session_idle_minutes: int = Field(default=60, ge=1, description="signed-in sessions end after this idle time")
    payment_ledger: Path | None = Field(
        default=None, description="the test payment provider's ledger (SQLite file); none: kept in memory"
    )
    payment_reconcile_minutes: int = Field(
        default=10, ge=1, description="a payment attempt this old with no order is finished or refunded"
    )
    session_max_hours: int = Field(default=12, ge=1, description="signed-in sessions end this long after sign-in")
    session_cookie_secure: bool = Field(
        default=False, description="always mark the session cookie Secure (TLS ends at a proxy that does not say so)"
    )
    api_cors_origins: list[str] = Field(
        default_factory=list, description="origins (https://shop.example) whose pages may call the API"
    )
    api_rate_limit_per_minute: int = Field(
        default=600, ge=1, description="API requests per client address and minute, per API process"
    )
    compile_in_app: bool = Field(
        default=True,
        description="the shop process compiles published catalog versions itself in a background thread "
        "(no worker needed); turn off where `python -m store worker` runs",
    )
    api_staff_token_hours: int = Field(default=8, ge=1, description="a staff API token ends this long after issue")
    api_max_body_bytes: int = Field(
        default=1_000_000, ge=1024, description="the largest request body the API reads (bytes); larger: a 413 problem"
    )
    idempotency_retention_hours: int = Field(
        default=168, ge=1, description="the worker forgets API Idempotency-Keys first used longer ago than this"
    )
    api_warm_up: bool = Field(
        default=True, description="an API process compiles every catalog on sale in the background when it starts"
    )
    catalog_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        description="each process re-reads the catalog versions on sale at most this often; another replica's "
        "publication shows within this time (at once in the publishing one); 0: on every request",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
