"""Publishing catalog versions on a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import shutil

import pytest
from sqlmodel import Session, select

from modules.errors import CatalogError
from store.catalogs import catalog_of, current_versions, sync_folder
from store.tables import CatalogVersion
from tests.conftest import ROOT
from tests.factories import SMALL_CATALOG


def test_sync_publishes_each_catalog_once(engine, tmp_path):
    (tmp_path / "mug.yaml").write_text(SMALL_CATALOG)
    first = sync_folder(engine=engine, folder=tmp_path)
    again = sync_folder(engine=engine, folder=tmp_path)
    assert [(v.product_code, v.version) for v in first] == [("mug", 1)]
    assert [v.id for v in again] == [v.id for v in first]


def test_a_changed_catalog_becomes_a_new_version_and_the_old_one_stays(engine, tmp_path):
    (tmp_path / "mug.yaml").write_text(SMALL_CATALOG)
    sync_folder(engine=engine, folder=tmp_path)
    (tmp_path / "mug.yaml").write_text(SMALL_CATALOG.replace("price: 12.00", "price: 13.00"))
    sync_folder(engine=engine, folder=tmp_path)
    with Session(engine) as session:
        versions = session.exec(select(CatalogVersion).order_by(CatalogVersion.version)).all()
        assert [v.version for v in versions] == [1, 2]
        (current,) = current_versions(session=session)
        assert current.version == 2
        assert str(catalog_of(versions[0]).base.price) == "12.00"
        assert str(catalog_of(current).base.price) == "13.00"


def test_one_broken_file_publishes_nothing(engine, tmp_path):
    (tmp_path / "a-mug.yaml").write_text(SMALL_CATALOG)
    (tmp_path / "b-broken.yaml").write_text(SMALL_CATALOG.replace("kind: multi", "kind: several"))
    with pytest.raises(CatalogError):
        sync_folder(engine=engine, folder=tmp_path)
    with Session(engine) as session:
        assert session.exec(select(CatalogVersion)).all() == []


def test_the_sample_catalogs_publish_and_round_trip(engine, tmp_path):
    for path in (ROOT / "catalogs").iterdir():
        shutil.copy(path, tmp_path / path.name)
    versions = sync_folder(engine=engine, folder=tmp_path)
    assert len(versions) == len(list((ROOT / "catalogs").glob("*.yaml")))
    with Session(engine) as session:
        for version in current_versions(session=session):
            assert catalog_of(version).fingerprint() == version.fingerprint
