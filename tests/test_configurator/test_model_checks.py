"""Model checks on small catalogs: dead and forced options, contradictions, idle rules, diffs."""

from __future__ import annotations

import textwrap

from configurator.model_checks import check_catalog, diff_catalogs
from modules.loader import load_catalog_text

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
