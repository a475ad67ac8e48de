"""A print zone on the back of a product whose drawing has no back view is refused where catalogs
are checked before they are sold (import and publish), naming the zone, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from modules.errors import CatalogError
from store.customers import register
from store.drafts import get_draft, import_catalog, save_draft
from store.tables import AuditEntry, CatalogDraft, CatalogVersion, CustomerCreate

SNEAKER = Path("catalogs/sneaker.yaml").read_text(encoding="utf-8")
SIDE_ZONE = "{code: side, name: Side panel picture, layer: upper,"
ON_THE_BACK = SNEAKER.replace(SIDE_ZONE, "{code: side, name: Side panel picture, layer: upper, side: back,")
WHY = "print zone 'side' is on the back (side: back), but the drawing 'sneaker' has no back view"


@pytest.fixture
def merchandiser(shop):
    with Session(shop) as s:
        data = CustomerCreate(email="theo@example.org", name="theo", password="long-enough-1")
        return register(session=s, data=data, role="merchandiser").id


def counts(shop) -> tuple[int, ...]:
    with Session(shop) as s:
        return tuple(
            s.exec(select(func.count()).select_from(table)).one()
            for table in (CatalogVersion, CatalogDraft, AuditEntry)
        )


def test_import_refuses_a_back_zone_on_a_drawing_without_a_back_and_writes_nothing(shop, merchandiser):
    assert ON_THE_BACK != SNEAKER
    before = counts(shop)
    with Session(shop) as s, pytest.raises(CatalogError) as caught:
        import_catalog(session=s, source_yaml=ON_THE_BACK, csv_files={}, actor_id=merchandiser,
                       file_name="sneaker.yaml")  # fmt: skip
    (problem,) = caught.value.problems
    line = next(i for i, text in enumerate(ON_THE_BACK.splitlines(), start=1) if "side: back" in text)
    assert (problem.file, problem.line) == ("sneaker.yaml", line)
    assert WHY in problem.message
    assert counts(shop) == before


def test_a_draft_that_puts_a_zone_on_the_back_of_the_sneaker_is_not_saved(shop, merchandiser):
    with Session(shop) as s:
        draft = import_catalog(session=s, source_yaml=SNEAKER, csv_files={}, actor_id=merchandiser,
                               file_name="sneaker.yaml")  # fmt: skip
    before = counts(shop)
    with Session(shop) as s, pytest.raises(CatalogError, match="print zone 'side' is on the back"):
        save_draft(session=s, product_code="sneaker", source_yaml=ON_THE_BACK, csv_files={},
                   expected_version=draft.version, actor_id=merchandiser, what="print zones")  # fmt: skip
    assert counts(shop) == before
    with Session(shop) as s:
        kept = get_draft(session=s, actor_id=merchandiser, product_code="sneaker")
    assert kept is not None and kept.version == draft.version and "side: back" not in kept.source_yaml
