"""Catalog pages as a merchandiser: edit a draft (options table, add-option and add-rule forms,
one rule, compatibility tables), stale saves refused, checks, publish now or scheduled, withdraw,
export, and import of a valid and of a broken file."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from modules.loader import load_catalog_text
from store.db import transaction
from store.drafts import load_draft_text
from store.tables import AuditEntry, CatalogDraft, CatalogDraftPublic, CatalogVersion, CatalogVersionPublic
from tests.conftest import ROOT
from tests.test_ui.staff_app import run_as, staff_db, texts

__all__ = ["staff_db"]
PAGE = "pages/merchant/catalogs.py"
IMPORT = "pages/merchant/catalog_import.py"


def opened(engine, user_id, product="tshirt"):
    at = run_as(PAGE, user_id)
    at.selectbox(key="catalogs:product").set_value(product).run()
    if get_draft_of(engine, product) is None:
        at.button(key="draft:open").click().run()
    assert not at.exception
    return at


def get_draft_of(engine, product="tshirt"):
    with transaction(engine) as s:
        row = s.exec(select(CatalogDraft).where(CatalogDraft.product_code == product)).first()
        return None if row is None else CatalogDraftPublic.model_validate(row)


def list_versions(session, product_code):
    """The stored versions of a family, newest first (read from the table, as the test's own check)."""
    query = select(CatalogVersion).where(CatalogVersion.product_code == product_code)
    rows = session.exec(query.order_by(CatalogVersion.version.desc())).all()
    return [CatalogVersionPublic.model_validate(r) for r in rows]


def draft_catalog(engine, product="tshirt"):
    draft = get_draft_of(engine, product)
    return load_draft_text(draft.source_yaml, draft.csv_files, product_code=product)


def add_option(at, version, code, name, price=0.0):
    at.text_input(key=f"draft:new-option-code:tshirt:{version}").input(code)
    at.text_input(key=f"draft:new-option-name:tshirt:{version}").input(name)
    at.number_input(key=f"draft:new-option-price:tshirt:{version}").set_value(price)
    return at.button(key="draft:add-option").click().run()


def test_an_edited_option_price_is_saved_and_audited(staff_db):
    engine, ids = staff_db
    at = opened(engine, ids["merch"])
    at.selectbox(key="draft:module").set_value("colour").run()
    # The data_editor's own edit record: row 6 (Burgundy), price 2.00 -> 3.50.
    at.session_state["draft:options:tshirt:colour:1"] = {
        "edited_rows": {6: {"price": 3.5}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="draft:save-options").click().run()
    assert not at.exception and not at.error
    assert "Draft version 2" in texts(at.caption)
    burgundy = draft_catalog(engine).choice_module("colour").option("burgundy")
    assert str(burgundy.price) == "3.5"
    assert burgundy.hex == "#6D1F2F"  # a field the table does not show is kept
    with Session(engine) as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "draft.save")).one()
        assert entry.actor == f"customer:{ids['merch']}"
        assert entry.data["what"] == "options of colour"
        [change] = entry.data["changes"]
        assert change["path"] == "modules.colour"


def test_the_add_option_form_adds_an_option_and_refuses_a_taken_code(staff_db):
    engine, ids = staff_db
    at = opened(engine, ids["merch"])
    at.selectbox(key="draft:module").set_value("colour").run()
    add_option(at, 1, "ochre", "Ochre", 2.0)
    assert not at.error
    ochre = draft_catalog(engine).choice_module("colour").option("ochre")
    assert ochre is not None and str(ochre.price) == "2" and ochre.name == "Ochre"

    add_option(at, 2, "black", "Another black")
    assert "already has an option 'black'" in texts(at.error)
    assert get_draft_of(engine).version == 2  # nothing saved


def test_a_rule_that_kills_an_option_is_flagged_then_fixed_in_the_rule_editor(staff_db):
    engine, ids = staff_db
    at = opened(engine, ids["merch"])
    at.selectbox(key="draft:module").set_value("colour").run()
    add_option(at, 1, "ochre", "Ochre", 2.0)
    at.selectbox(key="draft:new-rule-a:tshirt:2-module").set_value("colour").run()
    at.multiselect(key="draft:new-rule-a:tshirt:2-options:colour").set_value(["ochre"]).run()
    at.selectbox(key="draft:new-rule-b:tshirt:2-module").set_value("fabric").run()
    fabrics = ["organic-180", "heavy-220", "linen", "fleece"]
    at.multiselect(key="draft:new-rule-b:tshirt:2-options:fabric").set_value(fabrics).run()
    at.text_input(key="draft:new-rule-code:tshirt:2").input("ochre-fabrics")
    at.button(key="draft:add-rule").click().run()
    assert not at.error
    rule = next(r for r in draft_catalog(engine).rules if r.code == "ochre-fabrics")
    assert rule.kind == "excludes"

    at.button(key="draft:check").click().run()
    assert "dead-option: Colour: Ochre can never be chosen (rules: ochre-fabrics)" in texts(at.error)
    assert at.checkbox(key="draft:confirm").value is False
    assert at.button(key="draft:publish").disabled  # a dead option needs an explicit confirmation

    at.selectbox(key="draft:edit-rule").set_value("ochre-fabrics").run()
    at.text_area(key="draft:rule-text:ochre-fabrics:tshirt:3").input(
        "kind: excludes\ncode: ochre-fabrics\nconditions: [{colour: ochre}, {fabric: fleece}]\n"
    )
    at.button(key="draft:save-rule").click().run()
    assert get_draft_of(engine).version == 4
    at.button(key="draft:check").click().run()
    assert "can never be chosen" not in texts(at.error)
    assert not at.button(key="draft:publish").disabled


def test_a_bad_rule_is_refused_with_its_location_and_nothing_changes(staff_db):
    engine, ids = staff_db
    at = opened(engine, ids["merch"])
    at.selectbox(key="draft:edit-rule").set_value("no-linen-hoodie").run()
    at.text_area(key="draft:rule-text:no-linen-hoodie:tshirt:1").input(
        "kind: excludes\ncode: no-linen-hoodie\nconditions: [{fabric: silk}, {cut: hoodie}]\n"
    )
    at.button(key="draft:save-rule").click().run()
    assert "Nothing was saved" in texts(at.error)
    assert "tshirt.yaml:" in texts(at.code) and "silk" in texts(at.code)
    assert get_draft_of(engine).version == 1


def test_a_stale_save_is_refused_with_a_clear_message(staff_db):
    engine, ids = staff_db
    first = opened(engine, ids["merch"])
    second = opened(engine, ids["merch2"])  # opens the same draft, version 1
    first.selectbox(key="draft:module").set_value("colour").run()
    add_option(first, 1, "ochre", "Ochre")
    assert get_draft_of(engine).version == 2

    second.selectbox(key="draft:module").set_value("colour").run()
    assert "Your next save will be refused" in texts(second.warning)
    add_option(second, 1, "teal", "Teal")
    assert f"Merch (account {ids['merch']}) saved this draft" in texts(second.error)
    assert "after you opened it (version 1)" in texts(second.error)
    colour = draft_catalog(engine).choice_module("colour")
    assert colour.option("ochre") is not None and colour.option("teal") is None  # nothing overwritten

    second.button(key="draft:reload").click().run()
    assert "Draft version 2" in texts(second.caption)


def test_publish_now_makes_a_new_version_and_ends_the_draft(staff_db):
    engine, ids = staff_db
    at = opened(engine, ids["merch"])
    at.selectbox(key="draft:module").set_value("colour").run()
    add_option(at, 1, "ochre", "Ochre", 2.0)
    at.button(key="draft:check").click().run()
    assert any(m.label == "Valid products" for m in at.metric)
    assert "colour.ochre" in texts(at.markdown)  # the diff against the version on sale
    at.button(key="draft:publish").click().run()
    assert not at.exception
    assert "Published version 2" in texts(at.success)
    assert get_draft_of(engine) is None
    with transaction(engine) as s:
        newest = list_versions(s, product_code="tshirt")[0]
    assert newest.version == 2 and newest.published_by == f"customer:{ids['merch']}"
    assert "Version 2 · published" in texts(at.markdown)


def test_publish_at_a_later_date_is_scheduled(staff_db):
    engine, ids = staff_db
    at = opened(engine, ids["merch"])
    at.selectbox(key="draft:module").set_value("colour").run()
    add_option(at, 1, "ochre", "Ochre", 2.0)
    at.button(key="draft:check").click().run()
    at.radio(key="draft:when").set_value("at a date and time").run()
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)
    at.date_input(key="draft:day").set_value(tomorrow).run()
    at.button(key="draft:publish").click().run()
    assert "Published version 2" in texts(at.success)
    with transaction(engine) as s:
        newest = list_versions(s, product_code="tshirt")[0]
    assert newest.effective_from.date() == tomorrow
    assert "Version 2 · scheduled" in texts(at.markdown)


def test_withdraw_a_version(staff_db):
    engine, ids = staff_db
    with transaction(engine) as s:
        [version] = list_versions(s, product_code="sneaker")
    at = run_as(PAGE, ids["merch"])
    at.selectbox(key="catalogs:product").set_value("sneaker").run()
    at.button(key=f"withdraw:{version.id}").click().run()
    assert not at.exception
    with Session(engine) as s:
        [version] = list_versions(s, product_code="sneaker")
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "catalog.withdraw")).one()
        assert entry.data["after"] == "withdrawn"
    assert version.withdrawn_at is not None
    assert "Version 1 · withdrawn" in texts(at.markdown)


def test_export_offers_the_catalog_file_and_its_tables(staff_db):
    _, ids = staff_db
    at = run_as(PAGE, ids["merch"])
    at.selectbox(key="catalogs:product").set_value("pc").run()
    labels = [b.label for b in at.get("download_button")]
    assert "Catalog file (YAML)" in labels
    assert "Table cpu-board (CSV)" in labels


def test_a_csv_table_is_edited_in_the_draft(staff_db):
    engine, ids = staff_db
    at = opened(engine, ids["merch"], "pc")
    assert at.selectbox(key="draft:table").value == "cpu-board"
    key = "draft:table:cpu-board:pc:1"
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [0]}  # r5-7600 + b650m
    at.button(key="draft:save-table").click().run()
    assert not at.error
    draft = get_draft_of(engine, "pc")
    assert draft.version == 2
    assert "r5-7600,b650m" not in draft.csv_files["pc-cpu-board.csv"]
    table = next(r for r in draft_catalog(engine, "pc").rules if r.code == "cpu-board")
    assert len(table.rows) == 20 and ("r5-7600", "b650m") not in table.rows


def test_a_csv_row_naming_an_unknown_option_is_refused_with_its_line(staff_db):
    engine, ids = staff_db
    at = opened(engine, ids["merch"], "pc")
    key = "draft:table:cpu-board:pc:1"
    at.session_state[key] = {
        "edited_rows": {},
        "added_rows": [{"cpu": "r9-9999", "board": "b650m"}],
        "deleted_rows": [],
    }
    at.button(key="draft:save-table").click().run()
    assert "Nothing was saved" in texts(at.error)
    assert "pc-cpu-board.csv:23" in texts(at.code) and "r9-9999" in texts(at.code)
    assert get_draft_of(engine, "pc").version == 1


def test_an_inline_table_is_edited_in_the_draft(staff_db):
    engine, ids = staff_db
    at = opened(engine, ids["merch"])
    key = "draft:table:colour-by-fabric:tshirt:1"
    at.session_state[key] = {
        "edited_rows": {},
        "added_rows": [{"fabric": "fleece", "colour": "burgundy"}],
        "deleted_rows": [],
    }
    at.button(key="draft:save-table").click().run()
    assert not at.error
    table = next(r for r in draft_catalog(engine).rules if r.code == "colour-by-fabric")
    assert ("fleece", "burgundy") in table.rows and len(table.rows) == 6


def test_import_of_a_valid_file_makes_a_draft(staff_db):
    engine, ids = staff_db
    source = (ROOT / "catalogs" / "tshirt.yaml").read_bytes().replace(b"price: 14.90", b"price: 15.90", 1)
    at = run_as(IMPORT, ids["merch"])
    at.file_uploader(key="import:yaml").set_value(("tshirt.yaml", source, "application/x-yaml")).run()
    at.button(key="import:go").click().run()
    assert not at.exception
    assert "Imported as the draft of tshirt (version 1)" in texts(at.success)
    assert str(draft_catalog(engine).base.price) == "15.90"


def test_import_of_a_broken_file_shows_located_problems_and_stores_nothing(staff_db):
    engine, ids = staff_db
    good = (ROOT / "catalogs" / "tshirt.yaml").read_text()
    broken = good.replace("then: {cut: [hoodie, zip-hoodie]}", "then: {cut: [hoodie, kaftan]}", 1)
    load_catalog_text(good, file="tshirt.yaml")  # the original is fine: only the change is wrong
    at = run_as(IMPORT, ids["merch"])
    at.file_uploader(key="import:yaml").set_value(("tshirt.yaml", broken.encode(), "application/x-yaml")).run()
    at.button(key="import:go").click().run()
    assert "Nothing was imported" in texts(at.error)
    line = broken.splitlines().index("    then: {cut: [hoodie, kaftan]}") + 1
    assert f"tshirt.yaml:{line}:" in texts(at.code) and "kaftan" in texts(at.code)
    assert get_draft_of(engine) is None

    pc = (ROOT / "catalogs" / "pc.yaml").read_bytes()  # its CSV table is missing
    at.file_uploader(key="import:yaml").set_value(("pc.yaml", pc, "application/x-yaml")).run()
    at.button(key="import:go").click().run()
    assert "pc-cpu-board.csv" in texts(at.code)
    assert get_draft_of(engine, "pc") is None


def test_the_artwork_section_offers_layered_options_and_shows_stored_artwork(staff_db):
    from store.artwork import attach_artwork

    engine, ids = staff_db
    opened(engine, ids["merch"])
    draft = get_draft_of(engine)
    logo = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 280"><circle cx="150" cy="140" r="20"/></svg>'
    with transaction(engine) as s:
        after = attach_artwork(
            session=s,
            actor_id=ids["merch"],
            product_code="tshirt",
            module_code="colour",
            option_code="black",
            file_name="logo.svg",
            data=logo,
            expected_version=draft.version,
        )
    at = run_as(PAGE, ids["merch"])
    at.selectbox(key="catalogs:product").set_value("tshirt").run()
    at.selectbox(key="draft:module").set_value("size").run()
    assert any("draws a preview layer" in c.value for c in at.caption)
    at.selectbox(key="draft:module").set_value("colour").run()
    at.selectbox(key=f"draft:artwork-option:colour:tshirt:{after.version}").set_value("black").run()
    assert not at.exception
    captions = [im.proto.imgs[0].caption for im in at.get("image")]
    assert "Current artwork of Black (layer body)" in captions
    assert at.button(key="draft:artwork-upload:colour").disabled  # nothing chosen to upload yet


def test_the_catalogs_table_says_which_families_have_a_draft_open(staff_db):
    """The draft column read "None" (a null number) for every family without a draft."""
    engine, ids = staff_db
    at = opened(engine, ids["merch"])  # opens a draft of the T-shirt
    at = run_as(PAGE, ids["merch"])
    drafts = dict(zip(at.dataframe[0].value["code"], at.dataframe[0].value["draft"], strict=True))
    assert drafts["tshirt"].startswith("open, ")
    assert {state for code, state in drafts.items() if code != "tshirt"} == {"none"}
