"""A buyer's placed pictures are part of what is kept: a saved (or shared) design keeps them,
checked when saved and again when opened; a browser keeps its design in progress with pictures
across a reload. A kept placement that no longer passes (picture gone, outside the zone, zone no
longer applies) is dropped with the reason, never trusted."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, func, select

from store.browser_sessions import MAX_WORK_CHARS, issue, keep_work, recall
from store.buyer_artwork import restored_placements, upload_buyer_artwork
from store.catalogs import catalog_of, current_version
from store.designs import get_design, save_design
from store.errors import ErrorCode, StoreError
from store.tables import BuyerArtwork, Design, DesignCreate
from tests.store_helpers import sample_shop
from tests.test_store.test_artwork import png
from tests.test_store.test_buyer_artwork import TEE

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def shop(engine, tmp_path):
    return sample_shop(engine, tmp_path, "tshirt.yaml")


def picture(engine, size=(40, 40)):
    with Session(engine) as s:
        return upload_buyer_artwork(session=s, data=png(size=size), file_name="logo.png").sha256


def designs(engine):
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(Design)).one()


def tee_catalog(session):
    version = current_version(session=session, product_code="tshirt")
    assert version is not None
    return catalog_of(version)


def test_a_saved_design_keeps_its_placed_pictures(shop):
    sha = picture(shop)
    placement = {"sha256": sha, "x": 0.5, "y": 0.4, "scale": 0.6}
    with Session(shop) as s:
        saved = save_design(
            session=s,
            data=DesignCreate(name="Logo tee", product_code="tshirt", selection=TEE, artwork={"front": placement}),
        )
    with Session(shop) as s:
        opened = get_design(session=s, token=saved.token)
    assert opened.artwork == {"front": placement}


@pytest.mark.parametrize(
    ("artwork", "reason"),
    [
        ({"front": {"sha256": "f" * 64, "x": 0.5, "y": 0.5, "scale": 0.5}}, "Front picture: no such uploaded picture"),
        ({"front": {"sha256": "SHA", "x": 0.97, "y": 0.5, "scale": 0.5}}, "past the right edge of Front picture"),
        ({"back": {"sha256": "SHA", "x": 0.5, "y": 0.5, "scale": 0.5}}, "Back picture: this zone does not apply"),
        ({"pocket": {"sha256": "SHA", "x": 0.5, "y": 0.5, "scale": 0.5}}, "has no print zone 'pocket'"),
        ({"front": {"sha256": "SHA", "x": 0.5, "y": 0.5}}, "a placement is {sha256, x, y, scale}"),
    ],
)
def test_a_design_with_a_bad_placement_is_refused_and_not_saved(shop, artwork, reason):
    sha = picture(shop)
    artwork = {zone: {k: sha if v == "SHA" else v for k, v in p.items()} for zone, p in artwork.items()}
    with Session(shop) as s, pytest.raises(StoreError) as err:
        save_design(session=s, data=DesignCreate(name="d", product_code="tshirt", selection=TEE, artwork=artwork))
    assert err.value.code == ErrorCode.BAD_INPUT and reason in err.value.message
    assert designs(shop) == 0


def test_kept_placements_are_checked_again_and_bad_ones_dropped_with_the_reason(shop):
    sha, gone = picture(shop), picture(shop, size=(30, 30))
    with Session(shop) as s:  # a picture removed since (a purge): the kept placement must not be trusted
        s.delete(s.get(BuyerArtwork, gone))
        s.commit()
    kept = {
        "front": {"sha256": sha, "x": 0.5, "y": 0.5, "scale": 0.5},
        "back": {"sha256": sha, "x": 0.5, "y": 0.5, "scale": 0.5},
        "chest-left": {"sha256": gone, "x": 0.5, "y": 0.5, "scale": 0.3},
    }
    with Session(shop) as s:
        placed, dropped = restored_placements(
            session=s,
            catalog=tee_catalog(s),
            selection={**TEE, "placement": ["front", "chest-left"]},
            placements=kept,
        )
    assert placed == {"front": kept["front"]}
    assert dropped == [
        "Back picture: this zone does not apply to the design as chosen (choose its placement first)",
        "Chest picture: no such uploaded picture; upload it again",
    ]
    with Session(shop) as s:  # moved outside its zone by hand: dropped, the rest kept
        placed, dropped = restored_placements(
            session=s,
            catalog=tee_catalog(s),
            selection=TEE,
            placements={"front": {**kept["front"], "x": 0.99}},
        )
    assert placed == {} and dropped == [
        "Front picture: the picture reaches past the right edge of Front picture: move it left or make it smaller"
    ]
    with Session(shop) as s:
        assert restored_placements(session=s, catalog=tee_catalog(s), selection=TEE, placements="junk") == (
            {},
            ["the saved pictures could not be read and were dropped"],
        )


def test_a_browser_keeps_its_design_in_progress_with_pictures_across_a_reload(shop):
    sha = picture(shop)
    placement = {"sha256": sha, "x": 0.5, "y": 0.5, "scale": 0.5}
    with Session(shop) as s:
        token = issue(session=s, customer_id=None, cart_token=None).token
        s.commit()
    with Session(shop) as s:
        assert keep_work(session=s, token=token, product_code="tshirt", selection=TEE, artwork={"front": placement})
        s.commit()
    with Session(shop) as s:  # nothing else kept on the row (no cart, sign-in, language): still remembered
        found = recall(session=s, token=token, idle=HOUR, lifetime=HOUR)
        s.commit()
    assert found is not None and found.work == {"tshirt": {"selection": TEE, "artwork": {"front": placement}}}
    with Session(shop) as s:  # the pictures removed: the design in progress is forgotten
        assert keep_work(session=s, token=token, product_code="tshirt", selection=TEE, artwork={})
        s.commit()
    with Session(shop) as s:
        assert recall(session=s, token=token, idle=HOUR, lifetime=HOUR) is None
    with Session(shop) as s:
        assert not keep_work(session=s, token="unknown", product_code="tshirt", selection=TEE, artwork={"front": {}})


def test_an_oversize_design_in_progress_is_refused(shop):
    with Session(shop) as s:
        token = issue(session=s, customer_id=None, cart_token=None).token
        s.commit()
    with Session(shop) as s, pytest.raises(ValueError, match="at most"):
        keep_work(
            session=s, token=token, product_code="tshirt", selection={"x": "y" * MAX_WORK_CHARS}, artwork={"front": {}}
        )


def test_a_new_token_for_the_browser_keeps_its_design_in_progress(shop):
    sha = picture(shop)
    work = {"selection": TEE, "artwork": {"front": {"sha256": sha, "x": 0.5, "y": 0.5, "scale": 0.5}}}
    with Session(shop) as s:
        before = issue(session=s, customer_id=None, cart_token=None).token
        s.commit()
    with Session(shop) as s:
        keep_work(session=s, token=before, product_code="tshirt", **work)
        s.commit()
    with Session(shop) as s:  # signing in replaces the browser's token
        after = issue(session=s, customer_id=None, cart_token=None, replaces=before).token
        s.commit()
    with Session(shop) as s:
        found = recall(session=s, token=after, idle=HOUR, lifetime=HOUR)
    assert found is not None and found.work == {"tshirt": work}
