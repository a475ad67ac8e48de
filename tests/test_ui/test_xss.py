"""Buyer text is inert: payloads in engraving, names, addresses, reviews and messages render as
text, never as HTML, links or images; and no page or glue module can render raw HTML."""

from __future__ import annotations

import re

from store.aftersales import add_review, post_message
from store.db import transaction
from store.lifecycle import change_status, get_order
from store.states import OrderStatus
from store.tables import ReviewCreate, SupportMessageCreate
from tests.conftest import ROOT
from tests.test_ui.buyer_app import app_at, full_tee, seed_order, texts
from tests.test_ui.inert import autolinks

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[click me](javascript:alert(3))",
    "![pixel](https://evil.example/p.png)",
]
PAYLOAD = " ".join(PAYLOADS)
LIVE = re.compile(r"(?<!\\)<(script|img)|(?<!\\)\]\((?:javascript|https)")


def markdown_bodies(at):
    """Every element that Streamlit renders as markdown, with its allow-HTML flag."""
    for kind in ("markdown", "caption", "success", "info", "warning", "error", "title", "subheader"):
        for element in getattr(at, kind):
            proto = element.proto
            yield str(getattr(proto, "body", "")), bool(getattr(proto, "allow_html", False))


def assert_inert(at):
    assert not at.exception
    for body, allow_html in markdown_bodies(at):
        assert not allow_html
        assert not LIVE.search(body), body


def test_payloads_in_name_address_review_and_messages_stay_text(db):
    token = seed_order(db, name=PAYLOAD[:120], line1=PAYLOAD[:200])
    with transaction(db) as session:
        for step in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            change_status(session=session, order=token, to=step, actor="merchant")
        line = get_order(session=session, order=token).lines[0]
        add_review(
            session=session,
            order=token,
            order_line_id=line.id,
            data=ReviewCreate(overall=5, product_quality=5, delivery_speed=5, service=5, text=PAYLOAD),
        )
        post_message(session=session, order=token, data=SupportMessageCreate(body=PAYLOAD), author="buyer")
        post_message(session=session, order=token, data=SupportMessageCreate(body=PAYLOAD), author="merchant")
    at = app_at("pages/buyer/order.py", order=token).run()
    assert_inert(at)
    shown = [t.value for t in at.text]
    assert any(PAYLOAD in value for value in shown)  # shown literally, as plain text


BARE = "ana@evil.example www.evil.example https://evil.example/x"


def test_bare_addresses_in_buyer_text_link_nowhere(db):
    engraved = full_tee(db, print_method="screen", print_text="ana@evil.io")
    token = seed_order(db, name="Ana www.evil.example", line1=BARE, raw=engraved)
    with transaction(db) as session:
        for step in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            change_status(session=session, order=token, to=step, actor="merchant")
        line = get_order(session=session, order=token).lines[0]
        stars = ReviewCreate(overall=5, product_quality=5, delivery_speed=5, service=5, text=BARE)
        add_review(session=session, order=token, order_line_id=line.id, data=stars)
        post_message(session=session, order=token, data=SupportMessageCreate(body=BARE), author="buyer")
    at = app_at("pages/buyer/order.py", order=token).run()
    assert_inert(at)
    assert "ana@evil.io" in texts(at)  # the engraving is shown, readable, in markdown
    live = [found for body, _ in markdown_bodies(at) for found in autolinks(body)]
    assert live == []


def test_payloads_in_engraving_text_stay_text(db):
    at = app_at("pages/buyer/configure.py", product="tshirt").run()
    at.button(key="opt:print_method:screen").click().run()
    at.text_input(key="txt:print_text").input(PAYLOADS[2][:24]).run()
    assert_inert(at)
    at.text_input(key="txt:print_text").input(PAYLOADS[0][:24]).run()
    assert_inert(at)


def test_payloads_in_account_names_stay_text(db):
    at = app_at("pages/buyer/account.py").run()
    at.text_input(key="signup:email").input("x@example.com")
    at.text_input(key="signup:name").input(PAYLOAD[:120])
    at.text_input(key="signup:password").input("long enough password")
    at.button(key="signup:create").click().run()
    assert_inert(at)


def test_no_page_or_glue_module_renders_raw_html():
    risky = re.compile(r"unsafe_allow_html\s*=\s*True|st\.html\(|components\.v1|components\.html")
    sources = [*ROOT.glob("pages/**/*.py"), *ROOT.glob("ui/**/*.py"), ROOT / "streamlit_app.py"]
    assert len(sources) > 10
    offenders = [str(p.relative_to(ROOT)) for p in sources if risky.search(p.read_text(encoding="utf-8"))]
    # The session cookie's setter, which writes server tokens only, and one static style sheet.
    assert sorted(offenders) == ["ui/cookie.py", "ui/style.py"]


def test_the_style_sheet_is_static_css_only():
    import ast

    from ui import style

    tree = ast.parse((ROOT / "ui" / "style.py").read_text(encoding="utf-8"))
    assert not any(isinstance(node, ast.JoinedStr | ast.BinOp) for node in ast.walk(tree))  # no f-string, no %
    sheet = style.SHEET.strip()
    assert sheet.startswith("<style>") and sheet.endswith("</style>") and sheet.count("<") == 2


def test_the_cookie_hand_off_shows_nothing_but_a_server_code():
    import pytest

    from ui.cookie import handoff_image, is_token

    for hostile in ['x" onerror="alert(1)', "<script>", "a b", "", "A" * 44]:
        assert not is_token(hostile)
        with pytest.raises(ValueError):
            handoff_image(hostile)


def test_the_swatch_style_element_holds_swatch_rules_only():
    import pytest

    from modules.loader import load_catalog
    from ui import style
    from ui.swatch_style import catalog_swatches, style_element, swatch_rule

    sheets = [catalog_swatches(load_catalog(path)) for path in sorted((ROOT / "catalogs").glob("*.yaml"))]
    assert sum(sheet is not None for sheet in sheets) >= 4
    for sheet in sheets:
        assert sheet is None or style.SWATCH_SHEET.fullmatch(sheet)
    # what a hostile catalog could try: codes and drawings cannot leave the rule or the element
    hostile = swatch_rule('x"}</style><script>alert(1)</script>', "a b{", "<svg onload='alert(1)'/></style>")
    assert style.SWATCH_SHEET.fullmatch(style_element([hostile]))
    for forged in [
        style_element([hostile, "</style><script>alert(1)</script>"]),
        style_element(["body{background:url(https://example.org/track)}"]),
        style_element([hostile.replace("base64,", "base64,<")]),
    ]:
        assert style.SWATCH_SHEET.fullmatch(forged) is None
        with pytest.raises(ValueError, match="swatch rules"):
            style.apply_swatches(forged)
