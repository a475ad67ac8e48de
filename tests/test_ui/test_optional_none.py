"""The "None" button of an optional single choice (AppTest on a real database): it is shown
available (not struck through) whenever a valid product leaves the module empty, is highlighted
when chosen, and when a rule does need the module its "why?" names the buyer's conflicting choice
and offers a repair that says what it does."""

from __future__ import annotations

from tests.test_ui.buyer_app import app_at


def none_button(at, module):
    return at.button(key=f"opt:{module}:none")


def why_text(at) -> str:
    return " ".join(m.value for m in at.markdown).replace("\\", "")


def test_none_is_available_and_shows_as_chosen(db):
    at = app_at("pages/buyer/configure.py", product="tshirt").run()
    assert not at.exception
    assert none_button(at, "print_method").label == "None"
    assert none_button(at, "print_method").proto.type == "secondary"
    none_button(at, "print_method").click().run()
    assert not at.exception
    assert none_button(at, "print_method").label == "None"
    assert none_button(at, "print_method").proto.type == "primary"
    assert "is not available" not in why_text(at)

    at.button(key="opt:print_method:screen").click().run()
    assert at.button(key="opt:print_method:screen").proto.type == "primary"
    assert none_button(at, "print_method").label == "None"  # still possible: a way back
    none_button(at, "print_method").click().run()
    assert none_button(at, "print_method").proto.type == "primary"
    assert at.button(key="opt:print_method:screen").proto.type == "secondary"


def test_none_ruled_out_explains_why_and_repairs(db):
    at = app_at("pages/buyer/configure.py", product="pc").run()
    at.button(key="opt:cpu:i5-14400f").click().run()  # no integrated graphics: a card is needed
    assert not at.exception
    assert none_button(at, "gpu").label == "~~None~~"
    none_button(at, "gpu").click().run()
    text = why_text(at)
    assert "is not available" in text and "because you chose Processor: Intel Core i5-14400F" in text
    repair = at.button(key="repair:0")
    assert repair.label == "Change Processor and leave Graphics card empty"
    repair.click().run()
    assert not at.exception
    assert none_button(at, "gpu").proto.type == "primary"
    assert at.button(key="opt:cpu:i5-14400f").proto.type == "tertiary"


def test_none_ruled_out_gets_the_same_why_as_every_unavailable_option(db):
    """Clicking the chosen graphics card again asks to leave the module empty: where the processor
    needs a card, the answer is the explanation and repair the struck-through "None" gives (the
    engine names the refused empty choice "None", which no option is), and "None" says, like every
    unavailable option, that a click tells why."""
    at = app_at("pages/buyer/configure.py", product="pc").run()
    at.button(key="opt:cpu:i5-14400f").click().run()
    at.button(key="opt:gpu:rx-7800xt").click().run()
    assert not at.exception
    assert none_button(at, "gpu").label == "~~None~~"
    assert none_button(at, "gpu").proto.help == "Unavailable with your choices: click to see why"
    at.button(key="opt:gpu:rx-7800xt").click().run()
    assert not at.exception
    text = why_text(at)
    assert "**None** (Graphics card) is not available" in text
    assert "because you chose Processor: Intel Core i5-14400F" in text
    assert at.button(key="repair:0").label == "Change Processor and leave Graphics card empty"
    assert at.button(key="opt:gpu:rx-7800xt").proto.type == "primary"  # refused: the card stays
