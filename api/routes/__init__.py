"""The API's routers, one file per area; `api.app.create_app` mounts them all under `/v1`."""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import artwork, carts, catalogs, configure, embed, health, orders, staff

V1: tuple[APIRouter, ...] = (
    catalogs.router,
    configure.router,
    carts.router,
    artwork.router,
    orders.router,
    staff.router,
    embed.router,
)
UNVERSIONED: tuple[APIRouter, ...] = (health.router,)
