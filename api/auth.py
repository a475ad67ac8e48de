"""Staff authentication: `Authorization: Bearer <token>` of a live staff API token.

This only says who is calling (401 otherwise). What the caller may do is decided by each store
service's own role check inside its transaction (`store.staff.authorize`: 403 `forbidden`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from api.deps import DbSession
from store.api_tokens import TokenHolder, token_holder

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="StaffToken",
    bearerFormat="opaque",
    description="A staff API token from `POST /v1/staff/tokens` (it ends after `api_staff_token_hours`).",
)


def presented_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    """The bearer token sent, or 401."""
    if credentials is None:
        raise HTTPException(401, "a staff bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    return credentials.credentials


def staff_holder(session: DbSession, token: Annotated[str, Depends(presented_token)]) -> TokenHolder:
    """Who holds the bearer token, or 401 (unknown, expired, revoked, or its account deactivated)."""
    holder = token_holder(session=session, token=token)
    if holder is None:
        raise HTTPException(
            401,
            "this token is unknown, expired or revoked: ask for a new one",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return holder


Staff = Annotated[TokenHolder, Depends(staff_holder)]
BearerToken = Annotated[str, Depends(presented_token)]
