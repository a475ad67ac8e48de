"""Import, publish and `store init` store only catalogs that pass the proof; a refusal changes nothing."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from modules.errors import CatalogError
from store.catalogs import sync_folder
from store.customers import register
from store.drafts import get_draft, import_catalog, open_draft, publish_draft, save_draft
from store.tables import AuditEntry, CatalogDraft, CatalogVersion, CustomerCreate
from tests.factories import SMALL_CATALOG

NEVER = SMALL_CATALOG + "  - {kind: constraint, code: never, expr: 'false'}\n"
NEVER_LINE = next(i for i, line in enumerate(NEVER.splitlines(), start=1) if "code: never" in line)


@pytest.fixture
def mia(shop):
    with Session(shop) as s:
        data = CustomerCreate(email="mia@example.org", name="mia", password="long-enough-1")
        return register(session=s, data=data, role="merchandiser").id


def counts(shop):
    with Session(shop) as s:
        return tuple(
            s.exec(select(func.count()).select_from(table)).one()
            for table in (CatalogVersion, CatalogDraft, AuditEntry)
        )


def test_import_refuses_a_catalog_with_no_valid_product_and_writes_nothing(shop, mia):
    before = counts(shop)
    with Session(shop) as s, pytest.raises(CatalogError) as caught:
        import_catalog(session=s, source_yaml=NEVER.replace("code: mug", "code: cup"), csv_files={}, actor_id=mia,
                       file_name="cup.yaml")  # fmt: skip
    ((problem),) = caught.value.problems
    assert (problem.file, problem.line) == ("cup.yaml", NEVER_LINE)
    assert problem.message == "no valid product: rule 'never' never holds"
    assert counts(shop) == before


def test_publish_refuses_a_draft_that_fails_the_proof_and_keeps_it(shop, mia):
    with Session(shop) as s:
        draft = open_draft(session=s, product_code="mug", actor_id=mia)
        saved = save_draft(session=s, product_code="mug", source_yaml=NEVER, csv_files={},
                           expected_version=draft.version, actor_id=mia, what="rules")  # fmt: skip
    before = counts(shop)
    with Session(shop) as s, pytest.raises(CatalogError, match="rule 'never' never holds"):
        publish_draft(session=s, product_code="mug", expected_version=saved.version, actor_id=mia)
    assert counts(shop) == before
    with Session(shop) as s:
        kept = get_draft(session=s, actor_id=mia, product_code="mug")
    assert kept is not None and kept.version == saved.version


def test_store_init_refuses_a_folder_with_a_failing_catalog_all_or_nothing(engine, tmp_path):
    (tmp_path / "mug.yaml").write_text(SMALL_CATALOG.replace("code: mug", "code: cup"), encoding="utf-8")
    (tmp_path / "never.yaml").write_text(NEVER, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        sync_folder(engine=engine, folder=tmp_path)
    assert [(p.file, p.line) for p in caught.value.problems] == [(str(tmp_path / "never.yaml"), NEVER_LINE)]
    with Session(engine) as s:
        assert s.exec(select(CatalogVersion)).all() == []
