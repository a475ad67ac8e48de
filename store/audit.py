"""The audit log: one row per business action, in the action's own transaction."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel

from store.tables import AuditEntry


def audit(
    *, session: Session, actor: str, action: str, entity: SQLModel, data: dict[str, Any] | None = None
) -> AuditEntry:
    entry = AuditEntry(
        actor=actor,
        action=action,
        entity=str(getattr(entity, "__tablename__", type(entity).__name__.lower())),
        entity_id=getattr(entity, "id", None),
        data=data or {},
    )
    session.add(entry)
    return entry
