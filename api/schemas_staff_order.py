"""One order as operations staff see it: lines as sold, bill of materials, production steps,
purchase needs, history, after-sales and payments (`store.order_detail`)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from api.responses import MoneyOut, minor
from api.schemas_orders import (
    AddressOut,
    EventOut,
    MessageOut,
    OrderLineOut,
    OrderTotalsOut,
    ReturnOut,
    address_out,
    line_out,
    message_out,
    return_out,
    totals_out,
)
from store.materials import units
from store.order_detail import OrderLink, StaffOrderDetail
from store.states import status_label


class ContactOut(BaseModel):
    name: str
    email: str
    phone: str | None


class StepRowOut(BaseModel):
    id: int
    line_position: int
    position: int
    module: str | None
    name: str
    status: str
    done_at: dt.datetime | None


class NeedOut(BaseModel):
    id: int
    material_code: str
    material_name: str
    unit: str
    quantity: str
    status: str


class BomOut(BaseModel):
    material_code: str
    material_name: str
    unit: str
    quantity: str


class StaffEventOut(EventOut):
    actor: str


class PaymentOut(BaseModel):
    at: dt.datetime
    kind: str
    provider: str
    reference: str
    amount: MoneyOut
    test_mode: bool


class LinkOut(BaseModel):
    number: int
    reference: str
    status: str


class StaffOrderOut(BaseModel):
    number: int
    reference: str
    status: str
    status_label: str
    placed_at: dt.datetime
    promised_delivery: dt.date | None
    contact: ContactOut
    ship_to: AddressOut
    totals: OrderTotalsOut
    lines: list[OrderLineOut]
    bill_of_materials: list[BomOut]
    steps: list[StepRowOut]
    needs: list[NeedOut]
    events: list[StaffEventOut]
    returns: list[ReturnOut]
    messages: list[MessageOut]
    payments: list[PaymentOut]
    next_states: list[str] = Field(description="what `POST .../status` accepts now")
    attention: list[str]
    replaces: LinkOut | None
    replaced_by: list[LinkOut]


def _link(link: OrderLink) -> LinkOut:
    return LinkOut(number=link.number, reference=link.token, status=link.status)


def staff_order(d: StaffOrderDetail) -> StaffOrderOut:
    o = d.order
    return StaffOrderOut(
        number=d.number,
        reference=o.token,
        status=o.status,
        status_label=status_label(o.status),
        placed_at=o.placed_at,
        promised_delivery=o.promised_delivery,
        contact=ContactOut(name=o.contact_name, email=o.contact_email, phone=o.contact_phone),
        ship_to=address_out(o),
        totals=totals_out(o, d.pricing),
        lines=[line_out(line) for line in d.lines],
        bill_of_materials=[
            BomOut(material_code=b.material_code, material_name=b.material_name, unit=b.unit, quantity=b.quantity)
            for b in d.bill_of_materials
        ],
        steps=[
            StepRowOut(
                id=s.id,
                line_position=s.line_position,
                position=s.position,
                module=s.module_code,
                name=s.name,
                status=s.status,
                done_at=s.done_at,
            )
            for s in d.steps
        ],
        needs=[
            NeedOut(
                id=n.id,
                material_code=n.material_code,
                material_name=n.material_name,
                unit=n.unit,
                quantity=format(units(n.quantity_micro), "f"),
                status=n.status,
            )
            for n in d.needs
        ],
        events=[
            StaffEventOut(status=e.status, label=status_label(e.status), message=e.message, at=e.at, actor=e.actor)
            for e in d.events
        ],
        returns=[return_out(r) for r in d.returns],
        messages=[message_out(m) for m in d.messages],
        payments=[
            PaymentOut(
                at=p.at,
                kind=p.kind,
                provider=p.provider,
                reference=p.reference,
                amount=minor(p.amount_minor, p.currency),
                test_mode=p.test_mode,
            )
            for p in d.payments
        ],
        next_states=d.next_states,
        attention=list(d.attention),
        replaces=_link(d.replaces) if d.replaces else None,
        replaced_by=[_link(link) for link in d.replaced_by],
    )
