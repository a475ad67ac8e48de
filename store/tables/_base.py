"""What every table shares: the constraint naming convention, UTC timestamps, tokens, JSON."""

import datetime as dt
import secrets
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

# Named constraints make migrations portable (SQLite batch mode needs names to drop them).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CODE = 64  # catalog codes (products, modules, options, materials) are at most 64 characters
TOKEN = 64


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_token() -> str:
    """An unguessable reference (192 random bits) shown to buyers instead of a sequence number."""
    return secrets.token_urlsafe(24)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store times in UTC with a timezone")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class EnumText(TypeDecorator[StrEnum]):
    """A `StrEnum` stored as its plain text (a VARCHAR of `length`): rows read back hold the enum
    member, and writing a value that is not one of the enum's is refused before the database."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int) -> None:
        super().__init__(length=length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(self.enum(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        return None if value is None else self.enum(value)


JSONData = dict[str, Any]
__all__ = ["CODE", "JSON", "TOKEN", "EnumText", "JSONData", "UTCDateTime", "new_token", "now"]
