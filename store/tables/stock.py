"""Materials in stock, every movement of them, purchase needs and production steps.

Quantities are integers in millionths of the material's unit (catalog quantities have at most
six decimals; SQLite would store decimals as floats).
"""

import datetime as dt

from sqlalchemy import BigInteger, CheckConstraint
from sqlmodel import Field, SQLModel

from store.tables._base import CODE, UTCDateTime, now


class MaterialBase(SQLModel):
    code: str = Field(max_length=CODE)
    name: str = Field(max_length=120)
    unit: str = Field(max_length=8)


class Material(MaterialBase, table=True):
    """Stock of one material. `available` is what orders may still reserve; it never goes negative."""

    __table_args__ = (CheckConstraint("available_micro >= 0", name="available_not_negative"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=CODE, unique=True)
    available_micro: int = Field(default=0, sa_type=BigInteger)
    reserved_micro: int = Field(default=0, sa_type=BigInteger)
    supplier: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})
    supplier_lead_days: int = Field(default=0, ge=0, sa_column_kwargs={"server_default": "0"})
    reorder_point_micro: int = Field(default=0, sa_type=BigInteger, sa_column_kwargs={"server_default": "0"})
    reorder_quantity_micro: int = Field(default=0, sa_type=BigInteger, sa_column_kwargs={"server_default": "0"})


class MaterialPublic(MaterialBase):
    available_micro: int
    reserved_micro: int


class StockMovement(SQLModel, table=True):
    """A signed change of available stock: receipt (+), reservation (-), release/restock (+)."""

    __tablename__ = "stock_movement"

    id: int | None = Field(default=None, primary_key=True)
    material_id: int = Field(foreign_key="material.id", index=True)
    order_id: int | None = Field(default=None, foreign_key="orders.id", index=True)
    order_line_id: int | None = Field(default=None, foreign_key="order_line.id")
    kind: str = Field(max_length=16, description="receipt | reservation | release | restock | adjustment")
    quantity_micro: int = Field(sa_type=BigInteger)
    note: str = Field(default="", max_length=200)
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)


class PurchaseNeed(SQLModel, table=True):
    """Material an order needs that stock could not cover: purchasing buys it for that order."""

    __tablename__ = "purchase_need"

    id: int | None = Field(default=None, primary_key=True)
    material_id: int = Field(foreign_key="material.id", index=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    order_line_id: int | None = Field(default=None, foreign_key="order_line.id")
    quantity_micro: int = Field(sa_type=BigInteger)
    status: str = Field(default="open", max_length=16, description="open | ordered | received | cancelled")
    created_at: dt.datetime = Field(default_factory=now, sa_type=UTCDateTime)
    ordered_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    received_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class ProductionStep(SQLModel, table=True):
    """One step to make one order line: the base's steps, then each chosen module's."""

    __tablename__ = "production_step"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    order_line_id: int = Field(foreign_key="order_line.id", index=True)
    position: int
    module_code: str | None = Field(default=None, max_length=CODE, description="None for the base's steps")
    name: str = Field(max_length=120)
    status: str = Field(default="pending", max_length=16, description="pending | done")
    done_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
