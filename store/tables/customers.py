"""Customers (optional accounts) and their saved designs."""

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from store.states import Role
from store.tables._base import CODE, JSON, TOKEN, EnumText, UTCDateTime, new_token, now


class CustomerBase(SQLModel):
    email: str = Field(max_length=254, description="stored lower-case")
    name: str = Field(max_length=120)
    phone: str | None = Field(default=None, max_length=40)


class Customer(CustomerBase, table=True):
    """An account. Guests have none: their orders keep the contact data themselves."""

    __table_args__ = (CheckConstraint("role IN ('buyer', 'merchandiser', 'operations', 'admin')", name="role_known"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    password_hash: str = Field(max_length=255, description="argon2id hash, never the password")
    role: Role = Field(default=Role.BUYER, sa_type=EnumText(Role, 16))
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    active: bool = Field(default=True, description="a deactivated account cannot sign in; its sessions are ended")
    email_verified_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    must_change_password: bool = Field(default=False, description="set by an admin's one-time password")


class CustomerCreate(CustomerBase):
    password: str = Field(max_length=1_000, description="checked by store.passwords (12 characters or more, ...)")


class CustomerPublic(CustomerBase):
    id: int
    role: Role = Role.BUYER
    created_at: dt.datetime
    active: bool = True
    email_verified_at: dt.datetime | None = None
    must_change_password: bool = False


class DesignBase(SQLModel):
    name: str = Field(max_length=120)
    product_code: str = Field(max_length=CODE, index=True)
    selection: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, description="module code -> raw value")
    artwork: dict[str, Any] = Field(
        default_factory=dict,
        sa_type=JSON,
        sa_column_kwargs={"server_default": "{}"},
        description="print zone code -> the buyer's picture placed there: {sha256, x, y, scale}",
    )


class Design(DesignBase, table=True):
    """A saved configuration, reachable by its token (shareable) and listed for its owner."""

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(default_factory=new_token, max_length=TOKEN, unique=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    catalog_version_id: int = Field(foreign_key="catalog_version.id")
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class DesignCreate(DesignBase):
    pass


class DesignPublic(DesignBase):
    token: str
    catalog_version_id: int
    created_at: dt.datetime
