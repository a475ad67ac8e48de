"""Errors as RFC 9457 problem details (`application/problem+json`) with the store's error codes.

>>> status_of(ErrorCode.NOT_FOUND), status_of(ErrorCode.PRICE_CHANGED)
(404, 409)
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException

from store.errors import ErrorCode, StoreError
from store.logs import configure, request_id

PROBLEM = "application/problem+json"
TYPE_BASE = "/v1/problems/"

_STATUS: dict[ErrorCode, int] = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CART_EMPTY: 409,
    ErrorCode.CART_CLOSED: 409,
    ErrorCode.INVALID_LINE: 422,
    ErrorCode.PRODUCT_UNAVAILABLE: 409,
    ErrorCode.PRICE_CHANGED: 409,
    ErrorCode.PAYMENT_DECLINED: 402,
    ErrorCode.ILLEGAL_TRANSITION: 409,
    ErrorCode.RETURN_WINDOW_CLOSED: 409,
    ErrorCode.NOT_DELIVERED: 409,
    ErrorCode.ALREADY_REVIEWED: 409,
    ErrorCode.ALREADY_REPLIED: 409,
    ErrorCode.EMAIL_TAKEN: 409,
    ErrorCode.BAD_CREDENTIALS: 401,
    ErrorCode.TOO_MANY_ATTEMPTS: 429,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.STALE_DRAFT: 409,
    ErrorCode.COUPON_INVALID: 422,
    ErrorCode.BAD_INPUT: 422,
}
_HTTP_CODES: dict[int, str] = {
    401: "unauthorized",
    404: "not-found",
    405: "method-not-allowed",
    413: "body-too-large",
    429: "rate-limited",
}


class Problem(BaseModel):
    """The body of every error response."""

    model_config = ConfigDict(extra="allow")
    type: str
    title: str
    status: int
    code: str
    detail: str = ""
    request_id: str | None = None


def status_of(code: ErrorCode) -> int:
    return _STATUS.get(code, 400)


def problem(status: int, code: str, title: str, detail: str = "", **data: Any) -> JSONResponse:
    body = Problem(
        type=TYPE_BASE + code, title=title, status=status, code=code, detail=detail, request_id=request_id.get(), **data
    )
    return JSONResponse(_sendable(body.model_dump(mode="json")), status_code=status, media_type=PROBLEM)


async def store_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StoreError)
    return problem(status_of(exc.code), exc.code.value, exc.message, exc.message, **_plain(exc.data))


async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "loc": [str(part) for part in e.get("loc", ())],
            "msg": str(e.get("msg", "")).removeprefix("Value error, "),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    return problem(422, ErrorCode.BAD_INPUT.value, "The request is not valid", _summary(errors), errors=errors)


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, f"http-{exc.status_code}")
    response = problem(exc.status_code, code, str(exc.detail), str(exc.detail))
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    if exc.status_code == 405:
        response.headers["Allow"] = ", ".join(allowed_methods(request))
    return response


def allowed_methods(request: Request) -> list[str]:
    """Every method the API documents at this path (each route of a path knows only its own)."""
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        pattern = "^" + "[^/]+".join(re.escape(part) for part in re.split(r"\{[^/]+?\}", template)) + "$"
        if re.match(pattern, request.url.path):
            methods |= {method.upper() for method in operations}
    return sorted(methods)


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    configure().error("unhandled API error", exc_info=exc, extra={"path": request.url.path, "method": request.method})
    return problem(500, "internal", "Something went wrong on our side", "It was logged with this request's id.")


def _sendable(value: Any) -> Any:
    """JSON that encodes as UTF-8: a refusal may quote what the client sent, lone surrogates
    included (valid in JSON text, not in UTF-8); they read as '?'."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_sendable(item) for item in value]
    if isinstance(value, dict):
        return {_sendable(key): _sendable(item) for key, item in value.items()}
    return value


def _summary(errors: list[dict[str, Any]]) -> str:
    return "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors[:5])


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    """Error data as JSON-safe values (the store's data carries ints, strings and lists)."""
    reserved = {"type", "title", "status", "code", "detail", "request_id"}
    return {
        k: v if isinstance(v, (int, float, str, bool, list, dict, type(None))) else str(v)
        for k, v in data.items()
        if k not in reserved
    }
