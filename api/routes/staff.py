"""Routes: staff API tokens (sign in with e-mail and password, inspect, revoke). The staff actions
that use them are in `api.routes.staff_orders`."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status
from fastapi.responses import JSONResponse

from api.auth import BearerToken, Staff
from api.deps import AppSettings, ClientAddress, DbSession
from api.problems import problem
from api.responses import problems
from api.routes.staff_orders import router as staff_orders_router
from api.schemas_staff import TokenIn, TokenInfoOut, TokenOut, token_info
from store.api_tokens import issue_token, revoke_token
from store.errors import ErrorCode, StoreError

router = APIRouter(tags=["staff"])


@router.post(
    "/staff/tokens",
    operation_id="createStaffToken",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenOut,
    responses=problems(401, 403, 422),
    summary="Sign in as staff: a bearer token for the API",
    description=(
        "Checked like the shop's sign-in: a wrong e-mail or password is 401 `bad-credentials`; repeated failures "
        "slow the account and the client address down (429 `too-many-attempts` with `Retry-After`); an account "
        "without a staff role, or one that must first replace its one-time password, is 403. The token ends "
        "after `api_staff_token_hours`, when revoked, and when the account's password or role changes."
    ),
)
def create_token(
    session: DbSession, settings: AppSettings, address: ClientAddress, body: TokenIn
) -> TokenOut | JSONResponse:
    try:
        issued = issue_token(
            session=session,
            email=body.email,
            password=body.password,
            lifetime=dt.timedelta(hours=settings.api_staff_token_hours),
            address=address,
        )
    except StoreError as exc:
        if exc.code != ErrorCode.TOO_MANY_ATTEMPTS:
            raise
        wait = int(exc.data.get("retry_after", 1))
        refusal = problem(429, exc.code.value, exc.message, exc.message, retry_after=wait)
        refusal.headers["Retry-After"] = str(max(wait, 1))
        return refusal
    return TokenOut(access_token=issued.token, **token_info(issued.holder).model_dump())


@router.get(
    "/staff/tokens/current",
    operation_id="getCurrentStaffToken",
    response_model=TokenInfoOut,
    responses=problems(401),
    summary="The account and expiry of the bearer token sent",
)
def current_token(holder: Staff) -> TokenInfoOut:
    return token_info(holder)


@router.delete(
    "/staff/tokens/current",
    operation_id="revokeCurrentStaffToken",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401),
    summary="Revoke the bearer token sent (sign out of the API)",
)
def revoke_current(session: DbSession, holder: Staff, token: BearerToken) -> Response:
    assert holder.customer_id  # a live token of a staff account (401 otherwise)
    revoke_token(session=session, token=token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


router.include_router(staff_orders_router)
