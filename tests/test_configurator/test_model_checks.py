"""Model checks on small catalogs: dead and forced options, contradictions, idle rules, diffs."""

from __future__ import annotations

import textwrap

import pytest

from configurator.model_checks import check_catalog, diff_catalogs, unpriced_options
from modules.loader import load_catalog, load_catalog_text
from tests.conftest import ROOT

HEAD = """\
format: 1
code: lamp
name: Lamp
category: home
base: {name: Lamp body, price: 40}
modules:
  - code: shade
    name: Shade
    kind: single
    options:
      - {code: linen, name: Linen, default: true}
      - {code: glass, name: Glass, price: 15}
      - {code: paper, name: Paper, price: 5}
  - code: bulb
    name: Bulb
    kind: single
    options:
      - {code: led, name: LED, default: true}
      - {code: halogen, name: Halogen, price: 2}
  - code: extras
    name: Extras
    kind: multi
    options:
      - {code: dimmer, name: Dimmer, price: 9}
      - {code: timer, name: Timer, price: 6}
"""


def lamp(rules: str = "", head: str = HEAD):
    return load_catalog_text(head + textwrap.dedent(rules), file="lamp.yaml")


def kinds(report):
    return {(f.kind, f.module, f.option) for f in report.findings}


def test_a_clean_catalog_has_no_findings_and_an_exact_count():
    report = check_catalog(lamp())
    assert report.count == 3 * 2 * 4
    assert report.findings == ()


def test_a_dead_option_names_the_rule_that_kills_it():
    report = check_catalog(
        lamp("""\
        rules:
          - {kind: excludes, code: no-paper, conditions: [{shade: paper}, {bulb: led}]}
          - {kind: excludes, code: paper-cool, conditions: [{shade: paper}, {bulb: halogen}]}
        """)
    )
    [dead] = report.of_kind("dead-option")
    assert (dead.module, dead.option) == ("shade", "paper")
    assert set(dead.rules) == {"no-paper", "paper-cool"}
    assert report.count == 2 * 2 * 4
    assert report.blocking


def test_a_forced_option_and_a_single_valued_module():
    report = check_catalog(
        lamp(
            """\
        rules:
          - {kind: requires, code: led-only, if: {shade: linen}, then: {bulb: led}}
          - {kind: requires, code: led-always, if: {bulb: halogen}, then: {extras: dimmer}}
          - {kind: excludes, code: no-dimmer, conditions: [{extras: dimmer}, {shade: "*"}]}
        """.replace('{shade: "*"}', "{bulb: halogen}")
        )
    )
    assert ("dead-option", "bulb", "halogen") in kinds(report)
    assert ("forced-option", "bulb", "led") in kinds(report)


def test_an_always_forced_multi_option():
    report = check_catalog(
        lamp(
            "rules:\n  - {kind: requires, code: need-timer, if: {bulb: led}, then: {extras: timer}}\n"
            "  - {kind: requires, code: need-timer-2, if: {bulb: halogen}, then: {extras: timer}}\n"
        )
    )
    [forced] = report.of_kind("forced-option")
    assert (forced.module, forced.option) == ("extras", "timer")
    assert set(forced.rules) >= {"need-timer", "need-timer-2"}


def test_a_contradiction_is_explained_by_a_minimal_set_of_rules():
    report = check_catalog(
        lamp("""\
        rules:
          - {kind: requires, code: glass-always, if: {bulb: led}, then: {shade: glass}}
          - {kind: requires, code: glass-halogen, if: {bulb: halogen}, then: {shade: glass}}
          - {kind: excludes, code: no-glass, conditions: [{shade: glass}, {extras: dimmer}]}
          - {kind: requires, code: no-glass-2, if: {shade: glass}, then: {shade: linen}}
        """)
    )
    assert report.count == 0
    [contradiction] = report.of_kind("contradiction")
    assert set(contradiction.rules) == {"glass-always", "glass-halogen", "no-glass-2"}


def test_a_rule_that_never_fires():
    report = check_catalog(
        lamp("""\
        rules:
          - {kind: excludes, code: no-paper, conditions: [{shade: paper}, {bulb: halogen}]}
          - {kind: requires, code: idle, if: {shade: paper}, then: {bulb: led}}
        """)
    )
    # the two rules say the same thing: each one alone never forbids anything the other allows
    assert {f.rules for f in report.of_kind("rule-never-fires")} == {("idle",), ("no-paper",)}


def test_a_requires_whose_if_never_holds():
    report = check_catalog(
        lamp("""\
        rules:
          - {kind: excludes, code: a, conditions: [{shade: paper}, {bulb: halogen}]}
          - {kind: excludes, code: b, conditions: [{shade: paper}, {bulb: led}]}
          - {kind: requires, code: paper-dimmer, if: {shade: paper}, then: {extras: dimmer}}
        """)
    )
    assert ("rule-never-fires", None, None) in kinds(report)
    assert ("paper-dimmer",) in {f.rules for f in report.of_kind("rule-never-fires")}


def test_unpriced_options_are_flagged_unless_default():
    head = HEAD.replace("{code: paper, name: Paper, price: 5}", "{code: paper, name: Paper}")
    report = check_catalog(lamp(head=head))
    assert kinds(report) == {("unpriced", "shade", "paper")}
    [finding] = report.of_kind("unpriced")
    assert "every other optional choice of Shade costs extra" in finding.message


def test_free_options_published_as_free_are_not_flagged_again():
    head = HEAD.replace("{code: paper, name: Paper, price: 5}", "{code: paper, name: Paper}")
    published = lamp(head=head)
    assert unpriced_options(lamp(head=head), published) == []
    # a draft that adds a free option where every other optional choice costs extra: flagged
    added = head.replace(
        "{code: halogen, name: Halogen, price: 2}",
        "{code: halogen, name: Halogen, price: 2}\n      - {code: filament, name: Filament}",
    )
    assert [(f.module, f.option) for f in unpriced_options(lamp(head=added), published)] == [("bulb", "filament")]
    # and one that drops a price to zero
    dropped = head.replace("{code: glass, name: Glass, price: 15}", "{code: glass, name: Glass}")
    free_dimmer = head.replace("{code: dimmer, name: Dimmer, price: 9}", "{code: dimmer, name: Dimmer}")
    assert unpriced_options(lamp(head=dropped), published) == []  # paper and glass free: no odd one out
    assert [(f.module, f.option) for f in unpriced_options(lamp(head=free_dimmer), lamp())] == [
        ("shade", "paper"),  # priced (5) in the published version
        ("extras", "dimmer"),
    ]


def test_legitimately_free_options_are_not_flagged():
    # a free option beside a priced default is a cheaper alternative; mostly free modules are normal
    head = HEAD.replace(
        "{code: linen, name: Linen, default: true}", "{code: linen, name: Linen, price: 3, default: true}"
    )
    head = head.replace("{code: paper, name: Paper, price: 5}", "{code: paper, name: Paper}")
    head = head.replace(
        "{code: halogen, name: Halogen, price: 2}",
        "{code: halogen, name: Halogen}\n"
        "      - {code: smart, name: Smart, price: 8}\n      - {code: warm, name: Warm}",
    )
    assert unpriced_options(lamp(head=head)) == []


def test_a_free_option_whose_materials_cost_more_than_the_default_is_flagged():
    head = HEAD.replace(
        "modules:\n",
        "materials:\n  - {code: brass, name: Brass, unit: kg, unit_cost: 12}\n"
        "  - {code: resin, name: Resin, unit: kg}\nmodules:\n",
    )
    leak = head.replace(
        "{code: halogen, name: Halogen, price: 2}",
        "{code: halogen, name: Halogen, price: 2}\n"
        "      - {code: brass-led, name: Brass LED, materials: [{material: brass, quantity: 0.5}]}\n"
        "      - {code: resin-led, name: Resin LED, materials: [{material: resin, quantity: 0.5}]}",
    )
    published = lamp(head=leak)
    findings = unpriced_options(published, published)  # published or not, a margin leak is shown
    assert [(f.option, f.message) for f in findings] == [
        ("brass-led", "Bulb: Brass LED is free, but its materials cost 6 EUR more than LED's")
    ]


@pytest.mark.parametrize("name", ["tshirt", "sneaker", "pc", "bicycle", "car", "table"])
def test_the_shipped_catalogs_have_no_unpriced_findings_against_themselves(name):
    catalog = load_catalog(ROOT / "catalogs" / f"{name}.yaml")
    assert unpriced_options(catalog, catalog) == []


def test_every_rule_of_the_pc_catalog_fires():
    """m2-slots once never fired: the only three-M.2 selections included the PCIe 5.0 drive, which
    already needs a four-slot board. A second PCIe 4.0 4 TB drive makes the rule do its job."""
    catalog = load_catalog(ROOT / "catalogs" / "pc.yaml")
    report = check_catalog(catalog, published=catalog, rule_budget_seconds=600)
    assert report.notes == ()
    assert report.findings == ()


def test_diff_counts_products_that_become_invalid():
    before = lamp()
    after = lamp(
        "rules:\n  - {kind: excludes, code: no-glass-halogen, conditions: [{shade: glass}, {bulb: halogen}]}\n",
        head=HEAD.replace("price: 15", "price: 18").replace(
            "{code: timer, name: Timer, price: 6}",
            "{code: timer, name: Timer, price: 6}\n      - {code: usb, name: USB, price: 4}",
        ),
    )
    diff = diff_catalogs(before, after)
    assert diff.added == ("extras.usb",)
    assert diff.removed == ()
    assert [(c.what, c.before, c.after) for c in diff.price_changes] == [("shade.glass", "15", "18")]
    assert diff.published_count == 24
    assert diff.invalidated == 4  # glass + halogen, with any of the 4 extras combinations


def test_diff_of_a_removed_option():
    after = lamp(head=HEAD.replace("      - {code: paper, name: Paper, price: 5}\n", ""))
    diff = diff_catalogs(lamp(), after)
    assert diff.removed == ("shade.paper",)
    assert diff.invalidated == 8


def test_naming_clashing_rules_finds_a_lone_false_rule_and_stops_at_its_budget():
    from configurator.catalog_model import compile_catalog
    from configurator.model_checks import conflicting_rules
    from tests.factories import SMALL_CATALOG

    clash = SMALL_CATALOG + (
        "  - {kind: requires, code: blue-always, if: {size: [small, large]}, then: {glaze: blue}}\n"
        "  - {kind: requires, code: white-always, if: {size: [small, large]}, then: {glaze: white}}\n"
    )
    never = clash.replace(
        "then: {glaze: white}}", "then: {glaze: white}}\n  - {kind: constraint, code: no, expr: 'false'}"
    )
    assert conflicting_rules(compile_catalog(load_catalog_text(never, file="m.yaml")).problem) == ("no",)
    problem = compile_catalog(load_catalog_text(clash, file="m.yaml")).problem
    assert conflicting_rules(problem) == ("blue-always", "white-always")
    ticks = iter(range(100))
    stopped = conflicting_rules(problem, budget_seconds=0.5, clock=lambda: next(ticks))
    assert {"blue-always", "white-always"} < set(stopped)  # not minimal, but still allows no product
