"""Route: guest checkout of a cart, at most once per `Idempotency-Key`.

`store.orders.place_order` pays at most once per key and gives back the same order to every
retry, concurrent ones included. `store.idempotency` binds the key to this request, so the same
key with a different request is refused (422, `field: idempotency_key`) instead of answered
with another request's order.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Response, status

import i18n
from api.deps import DbSession, Provider
from api.responses import Link, links, merged, minor, problems
from api.schemas_checkout import CheckoutIn, CheckoutOut
from store.errors import StoreError
from store.idempotency import claim_key, release_key
from store.lifecycle import get_order
from store.orders import Buyer, PaymentDetails, place_order
from store.quotes import Delivery
from store.states import status_label

router = APIRouter(tags=["checkout"])

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=200,
        pattern=r"^[\x20-\x7e]+$",
        description=(
            "A unique value per order attempt (a UUID): a retry with the same key and the same body returns "
            "the same order and charges nothing more; the same key with another body is refused"
        ),
    ),
]

_ORDER = {"token": "$response.body#/token"}


@router.post(
    "/carts/{token}/checkout",
    operation_id="checkoutCart",
    status_code=status.HTTP_201_CREATED,
    response_model=CheckoutOut,
    responses=merged(
        problems(402, 404, 409, 422),
        links(
            201,
            getOrder=Link("getOrder", _ORDER),
            listOrderMessages=Link("listOrderMessages", _ORDER),
            postOrderMessage=Link("postOrderMessage", _ORDER),
            listOrderReturns=Link("listOrderReturns", _ORDER),
            requestReturn=Link("requestReturn", _ORDER),
            cancelOrder=Link("cancelOrder", _ORDER),
        ),
        {201: {"headers": {"Idempotent-Replayed": {"schema": {"type": "string"}, "description": "'true' on a retry"}}}},
    ),
    summary="Place the cart as a guest order and pay for it",
    description=(
        "The server validates and prices the cart again; unless its total equals `expected_total` the order "
        "is refused with `price-changed` (409, with the new `total_minor`) and nothing is charged. A declined "
        "card is a 402 problem; the same key then keeps giving that answer, so retry with a new key."
    ),
)
def checkout(
    session: DbSession,
    provider: Provider,
    token: Annotated[str, Path(max_length=64, description="the cart's private token")],
    body: CheckoutIn,
    idempotency_key: IdempotencyKey,
    response: Response,
) -> CheckoutOut:
    request = body.fingerprint_data(token)
    replay = claim_key(session=session, key=idempotency_key, request=request)
    try:
        order = place_order(
            session=session,
            cart=token,
            buyer=Buyer(
                email=body.contact.email,
                name=body.contact.name,
                phone=body.contact.phone,
                language=i18n.language(body.language),
            ),
            delivery=Delivery(**body.address.model_dump(), mode=body.shipping),
            payment=PaymentDetails(
                card=body.payment.card,
                amount_minor=body.expected_total.to_minor(),
                currency=body.expected_total.currency,
            ),
            idempotency_key=idempotency_key,
            provider=provider,
        )
    except StoreError:
        release_key(session=session, key=idempotency_key, request=request)
        raise
    detail = get_order(session=session, order=order.token)
    response.headers["Location"] = f"/v1/orders/{order.token}"
    if replay:
        response.headers["Idempotent-Replayed"] = "true"
    return CheckoutOut(
        number=detail.number,
        token=order.token,
        status=order.status,
        status_label=i18n.gettext(status_label(order.status), body.language),
        total=minor(order.total_minor, order.currency),
        placed_at=order.placed_at,
        promised_delivery=order.promised_delivery,
    )
