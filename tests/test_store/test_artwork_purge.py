"""Purging buyers' pictures nobody uses: only pictures last uploaded before the cut-off that no cart
line, saved design, order snapshot or recent design in progress names are deleted; a picture an
order names is never deleted, even once its cart lines are gone. `python -m store purge-artwork`
runs it (and `--dry-run` deletes nothing)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from store.artwork_purge import purge_orphan_artwork
from store.browser_sessions import issue, keep_work, token_hash
from store.buyer_artwork import upload_buyer_artwork
from store.carts import add_to_cart, create_cart
from store.designs import save_design
from store.tables import BrowserSession, BuyerArtwork, CartLine, CartLineCreate, DesignCreate
from store.tables._base import now
from tests.conftest import ROOT
from tests.store_helpers import HOME, checkout, sample_shop
from tests.test_store.test_artwork import png
from tests.test_store.test_buyer_artwork import TEE

DAYS = dt.timedelta(days=30)


@pytest.fixture
def shop(engine, tmp_path):
    return sample_shop(engine, tmp_path, "tshirt.yaml")


def picture(engine, shade: int) -> str:
    data = png(size=(40, 40 + shade))  # a different picture each time
    with Session(engine) as s:
        return upload_buyer_artwork(session=s, data=data, file_name=f"p{shade}.png").sha256


def placed(sha: str) -> dict:
    return {"front": {"sha256": sha, "x": 0.5, "y": 0.5, "scale": 0.5}}


def in_cart(engine, sha: str) -> str:
    with Session(engine) as s:
        cart = create_cart(session=s).token
        add_to_cart(
            session=s,
            cart=cart,
            line=CartLineCreate(product_code="tshirt", selection=TEE, artwork=placed(sha)),
            delivery=HOME,
        )
    return cart


def age(engine, days: int, *shas: str) -> None:
    with Session(engine) as s:
        s.exec(
            update(BuyerArtwork)
            .where(col(BuyerArtwork.sha256).in_(shas))
            .values(created_at=now() - dt.timedelta(days=days))
        )
        s.commit()


def stored(engine) -> set[str]:
    with Session(engine) as s:
        return set(s.exec(select(BuyerArtwork.sha256)).all())


@pytest.fixture
def pictures(shop):
    """Old pictures in every kind of use, an old orphan, and a recent orphan."""
    names = ["orphan", "cart", "design", "order", "work", "stale-work", "recent"]
    sha = {name: picture(shop, i) for i, name in enumerate(names)}
    in_cart(shop, sha["cart"])
    with Session(shop) as s:
        save_design(
            session=s,
            data=DesignCreate(name="d", product_code="tshirt", selection=TEE, artwork=placed(sha["design"])),
        )
    ordered = in_cart(shop, sha["order"])
    with Session(shop) as s:
        checkout(s, ordered)
        s.exec(delete(CartLine))  # the carts' lines gone: only the order's snapshot names the ordered picture
        s.commit()
    in_cart(shop, sha["cart"])
    with Session(shop) as s:
        tokens = [issue(session=s, customer_id=None, cart_token=None).token for _ in range(2)]
        s.commit()
    with Session(shop) as s:
        keep_work(session=s, token=tokens[0], product_code="tshirt", selection=TEE, artwork=placed(sha["work"]))
        keep_work(session=s, token=tokens[1], product_code="tshirt", selection=TEE, artwork=placed(sha["stale-work"]))
        s.exec(  # a browser not seen for longer than the cut-off: its design in progress does not count
            update(BrowserSession)
            .where(col(BrowserSession.token_hash) == token_hash(tokens[1]))
            .values(last_seen_at=now() - dt.timedelta(days=40))
        )
        s.commit()
    age(shop, 31, *(sha[n] for n in names if n != "recent"))
    age(shop, 29, sha["recent"])
    return sha


def test_only_old_pictures_nothing_names_are_purged(shop, pictures):
    with Session(shop) as s:
        done = purge_orphan_artwork(session=s, older_than=DAYS)
    assert sorted(done.deleted) == sorted([pictures["orphan"], pictures["stale-work"]])
    assert (done.examined, done.kept) == (6, 4)
    assert stored(shop) == {pictures[n] for n in ("cart", "design", "order", "work", "recent")}
    with Session(shop) as s:  # again: nothing more to do
        assert purge_orphan_artwork(session=s, older_than=DAYS).deleted == ()


def test_a_picture_an_order_names_is_never_purged(shop, pictures):
    with Session(shop) as s:  # even with no age limit at all
        purge_orphan_artwork(session=s, older_than=dt.timedelta(0))
    assert pictures["order"] in stored(shop)


def test_uploading_a_picture_again_makes_it_recent(shop, pictures):
    picture(shop, 0)  # the orphan's content, uploaded again
    with Session(shop) as s:
        done = purge_orphan_artwork(session=s, older_than=DAYS)
    assert pictures["orphan"] not in done.deleted and pictures["orphan"] in stored(shop)


def test_the_command_purges_and_a_dry_run_deletes_nothing(shop, pictures, database_url):
    env = {**os.environ, "DATABASE_URL": database_url}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "store", "purge-artwork", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    dry = run("--older-than", "30", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would delete 2" in dry.stdout and pictures["orphan"] in dry.stdout
    assert len(stored(shop)) == 7
    done = run("--older-than", "30")
    assert done.returncode == 0, done.stderr
    assert "deleted 2" in done.stdout and len(stored(shop)) == 5
    refused = run("--older-than", "-1")
    assert refused.returncode == 2 and "--older-than must be 0 or more days" in refused.stderr
