"""Recommendations learned from sales: always a valid value, better than the overall favourite
where choices go together, the `recommend` command's JSON line, and seeded determinism."""

from __future__ import annotations

import itertools
import json
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from configurator.cli import main
from configurator.completion import finish, learn_from_orders
from configurator.engine import Engine
from configurator.problem import Problem, Table, Variable
from configurator.recommend import Recommender, RecommendSettings, most_popular
from configurator.recommend_eval import History, evaluate, grouped_folds
from tests.conftest import ROOT

COLOUR, TRIM, WHEELS = 0, 1, 2
NOISE = (3, 4, 5, 6)


def car() -> Problem:
    """colour (red, blue, green) x trim (base, sport) x wheels (16, 18) x four free extras;
    rule: sport trim comes with 18-inch wheels."""
    variables = (
        Variable("colour", ("red", "blue", "green")),
        Variable("trim", ("base", "sport")),
        Variable("wheels", ("16", "18")),
        *(Variable(f"extra{n}", ("no", "yes")) for n in range(len(NOISE))),
    )
    sport_18 = Table((TRIM, WHEELS), [(0, 0), (0, 1), (1, 1)], rule="SPORT-18")
    return Problem(variables, (sport_18,))


def sales(n: int, seed: int = 0) -> np.ndarray:
    """Buyers of red mostly take the base trim, buyers of blue the sport trim (with 18-inch
    wheels, as the rule says); more buyers pick red, so "base" is the overall favourite."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        colour = rng.choices([0, 1, 2], weights=[6, 3, 1])[0]
        trim = {0: 0, 1: 1, 2: rng.randrange(2)}[colour]
        if rng.random() < 0.05:
            trim = 1 - trim
        wheels = 1 if trim == 1 else rng.choices([0, 1], weights=[4, 1])[0]
        rows.append([colour, trim, wheels, *(rng.randrange(2) for _ in NOISE)])
    return np.asarray(rows, dtype=np.int64)


def history_of(rows: np.ndarray) -> History:
    return History(tuple(range(rows.shape[1])), rows)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(car())


def test_predictions_are_valid_values_even_when_buyers_favour_a_forbidden_one(engine):
    # given a history where sport buyers nearly all took 16-inch wheels (the rules forbid it now)
    old = [{TRIM: 1, WHEELS: 0}] * 50 + [{TRIM: 1, WHEELS: 1}] * 2 + [{TRIM: 0, WHEELS: 1}] * 10
    model = Recommender.fit(engine.problem.domain_sizes, old)
    revealed = {TRIM: 1}
    valid = engine.valid_choices(revealed).values
    assert model.scores(WHEELS, revealed)[0] > model.scores(WHEELS, revealed)[1]
    # when asked among the valid values, then the recommendation is one of them
    assert valid[WHEELS] == (1,)
    assert model.predict(WHEELS, revealed, valid[WHEELS], valid) == 1
    assert model.rank(WHEELS, revealed, valid[WHEELS], valid) == [1]
    assert set(model.probabilities(WHEELS, revealed, valid[WHEELS], valid)) == {1}


def test_every_recommendation_along_every_partial_configuration_is_valid(engine):
    model = Recommender.fit(engine.problem.domain_sizes, [history_of(sales(200)).sale(n) for n in range(200)])
    problem = engine.problem
    for fixed in itertools.product(*[[None, *range(v.size)] for v in problem.variables[:3]]):
        revealed = {var: value for var, value in enumerate(fixed) if value is not None}
        if not engine.is_consistent(revealed):
            continue
        valid = engine.valid_choices(revealed).values
        for var in range(len(problem.variables)):
            if var in revealed:
                continue
            ranked = model.rank(var, revealed, valid[var], valid)
            assert sorted(ranked) == sorted(valid[var])
            assert model.predict(var, revealed, valid[var], valid) == ranked[0]


def test_learned_model_beats_the_overall_favourite_when_choices_go_together(engine):
    rows = sales(600)
    folds = grouped_folds(rows, seed=1)
    result = evaluate(engine, history_of(rows), folds, fold=0, seed=2)
    assert result.predictions == result.test * rows.shape[1]
    # the trim (and colour) follow each other: knowing one predicts the other
    assert result.wrong_pct < result.baseline_wrong_pct - 3
    # in particular, a blue buyer is told "sport" although "base" sells more
    model = Recommender.fit(engine.problem.domain_sizes, [history_of(rows).sale(n) for n in range(len(rows))])
    valid = engine.valid_choices({COLOUR: 1}).values
    assert most_popular(model.counts(TRIM), valid[TRIM]) == 0
    assert model.predict(TRIM, {COLOUR: 1}, valid[TRIM], valid) == 1


def test_grouped_folds_keep_identical_sales_together_and_are_seeded():
    rows = sales(300)
    folds = grouped_folds(rows, seed=5)
    assert folds == grouped_folds(rows, seed=5)
    assert sorted(set(folds)) == list(range(10))
    by_sale: dict[bytes, set[int]] = {}
    for row, fold in zip(rows, folds, strict=True):
        by_sale.setdefault(row.tobytes(), set()).add(fold)
    assert all(len(f) == 1 for f in by_sale.values())


def test_evaluation_is_deterministic_for_a_seed(engine):
    rows = sales(300, seed=3)
    history = history_of(rows)
    folds = grouped_folds(rows, seed=0)
    first = evaluate(engine, history, folds, fold=3, seed=7)
    again = evaluate(engine, history, folds, fold=3, seed=7)
    assert first.predictions == again.predictions > 0
    assert (first.wrong, first.baseline_wrong) == (again.wrong, again.baseline_wrong)


XCSP = """<instance>
<presentation format="XCSP 2.1" type="CSP"/>
<domains nbDomains="2">
<domain name="C" nbValues="3">0..2</domain>
<domain name="B" nbValues="2">0 1</domain>
</domains>
<variables nbVariables="3">
<variable name="colour" domain="C"/><variable name="trim" domain="B"/><variable name="wheels" domain="B"/>
</variables>
<relations nbRelations="1">
<relation name="R" arity="2" nbTuples="1" semantics="conflicts">1 0</relation>
</relations>
<constraints nbConstraints="1">
<constraint name="SPORT-18" arity="2" scope="trim wheels" reference="R"/>
</constraints>
</instance>"""


def test_recommend_command_prints_the_json_summary_last(tmp_path, capsys):
    model = tmp_path / "car.xml"
    model.write_text(XCSP)
    lines = ["colour trim wheels"] + [" ".join(map(str, row[:3])) for row in sales(40)]
    history = tmp_path / "sales.txt"
    history.write_text("\n".join(lines) + "\n")
    folds = tmp_path / "folds.txt"
    folds.write_text("".join(f"{n % 10}\n" for n in range(40)))
    assert main(["recommend", str(model), "--history", str(history), "--folds", str(folds), "--fold", "3"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["predictions"] == 4 * 3  # four held-out sales, three variables each
    assert {"wrong_pct", "baseline_wrong_pct", "ms_per_prediction"} <= set(summary)
    assert 0 <= summary["wrong_pct"] <= 100 and summary["ms_per_prediction"] > 0


def test_recommend_command_without_folds_uses_a_seeded_split(tmp_path, capsys):
    model = tmp_path / "car.xml"
    model.write_text(XCSP)
    history = tmp_path / "sales.txt"
    history.write_text("colour trim wheels\n" + "".join(f"{c} {t} 1\n" for c, t in [(0, 0), (1, 1), (2, 0)] * 10))
    outputs = []
    for _ in range(2):
        assert main(["recommend", str(model), "--history", str(history), "--fold", "0", "--seed", "4"]) == 0
        summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        outputs.append({k: v for k, v in summary.items() if "ms" not in k})
    assert outputs[0] == outputs[1] and outputs[0]["predictions"] > 0


def test_recommend_command_reports_a_bad_history_line(tmp_path, capsys):
    model = tmp_path / "car.xml"
    model.write_text(XCSP)
    history = tmp_path / "sales.txt"
    history.write_text("colour trim wheels\n0 0 1\n0 7 1\n")
    assert main(["recommend", str(model), "--history", str(history)]) == 1
    assert "sales.txt:3" in capsys.readouterr().err


def test_finish_most_popular_follows_buyers_like_this_one():
    from configurator.catalog_engine import CatalogEngine
    from modules.loader import load_catalog

    shop = CatalogEngine(load_catalog(ROOT / "catalogs" / "tshirt.yaml"))
    orders = [{"fabric": "organic-180", "colour": "black", "size": "s"}] * 4
    orders += [{"fabric": "heavy-220", "colour": "navy", "size": "xl"}] * 6
    history = learn_from_orders(shop, orders)
    sold = len(orders)
    chosen = {("colour", "navy"): 6, ("colour", "black"): 4, ("size", "xl"): 6, ("size", "s"): 4}
    # without a history: the overall favourites, whatever the buyer chose
    plain = finish(shop, {"fabric": "organic-180"}, "popular", sold=sold, chosen=chosen)
    assert (plain["colour"], plain["size"]) == ("navy", "xl")
    # with one: what organic-cotton buyers took
    learned = finish(shop, {"fabric": "organic-180"}, "popular", sold=sold, chosen=chosen, history=history)
    assert (learned["colour"], learned["size"]) == ("black", "s")
    assert shop.state(learned).complete
    # the buyer's own choices are kept even against the history
    mine = finish(shop, {"fabric": "organic-180", "colour": "navy"}, "popular", history=history)
    assert mine["colour"] == "navy" and shop.state(mine).complete


def test_orders_from_an_older_catalog_version_are_learned_as_far_as_they_fit():
    from configurator.catalog_engine import CatalogEngine
    from modules.loader import load_catalog

    shop = CatalogEngine(load_catalog(ROOT / "catalogs" / "tshirt.yaml"))
    history = learn_from_orders(shop, [{"colour": "teal", "size": "m", "gone": "x"}, {"colour": "navy"}])
    colour = shop.model.module_var["colour"]
    size = shop.model.module_var["size"]
    assert history.counts(colour).sum() == 1 and history.counts(size).sum() == 1


def test_past_sales_that_agree_on_every_revealed_value_outweigh_each_value_alone():
    # given that buyers of A=1 mostly took T=0, but the four who took both A=1 and B=1 all took T=1
    a, b, t = 0, 1, 2
    history = [{a: 1, b: 0, t: 0}] * 20 + [{a: 0, b: 1, t: 1}] * 20 + [{a: 0, b: 1, t: 0}] * 5
    history += [{a: 0, b: 0, t: 1}] * 5 + [{a: 1, b: 1, t: 1}] * 4
    pairwise_only = Recommender.fit([2, 2, 2], history, settings=RecommendSettings(neighbours=0.0))
    model = Recommender.fit([2, 2, 2], history)
    # when a buyer reveals A=1 and B=1, the pairwise evidence alone says T=0
    assert pairwise_only.predict(t, {a: 1, b: 1}, [0, 1]) == 0
    # then mixing in the sales that agree on both follows those buyers
    assert model.predict(t, {a: 1, b: 1}, [0, 1]) == 1
    # while a buyer of A=1 alone is still told what A's buyers took
    assert model.predict(t, {a: 1}, [0, 1]) == 0


def test_a_sale_that_left_a_variable_out_neither_agrees_nor_disagrees_with_it():
    a, t = 0, 1
    base = [{a: 1, t: 1}] * 5 + [{a: 0, t: 0}] * 5
    mix = RecommendSettings(neighbours=1.0)
    without = Recommender.fit([2, 2], base, settings=mix).probabilities(t, {a: 1}, [0, 1])
    # adding sales of T=0 that did not record A counts them in full for a buyer of A=1
    silent = Recommender.fit([2, 2], base + [{t: 0}] * 5, settings=mix).probabilities(t, {a: 1}, [0, 1])
    # while the same sales recording A=0 disagree with that buyer and count for less
    disagreeing = Recommender.fit([2, 2], base + [{a: 0, t: 0}] * 5, settings=mix).probabilities(t, {a: 1}, [0, 1])
    assert silent[0] > disagreeing[0] > without[0]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.dictionaries(st.integers(0, 3), st.integers(0, 2), min_size=1), min_size=1, max_size=12),
    st.dictionaries(st.integers(0, 3), st.integers(0, 2)),
    st.integers(0, 3),
    st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True),
    st.sampled_from([0.0, 0.4, 1.0]),
)
def test_any_mix_of_pairwise_and_agreeing_sales_recommends_a_valid_value(sold, revealed, var, valid, share):
    model = Recommender.fit([3] * 4, sold, settings=RecommendSettings(neighbours=share))
    revealed.pop(var, None)
    assert model.predict(var, revealed, valid) in valid
    assert sorted(model.rank(var, revealed, valid)) == sorted(valid)
    assert abs(sum(model.probabilities(var, revealed, valid).values()) - 1) < 1e-9
