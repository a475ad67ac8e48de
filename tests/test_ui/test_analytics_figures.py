"""The analytics figure builders: trace types, values and titles from given results; empty inputs."""

from __future__ import annotations

import datetime as dt

import pytest

from store.analytics import DimensionScore, LeadTime, OptionCount, ReasonCount, RevenuePoint
from store.funnel import Funnel, steps_of
from ui import analytics_figures as figures

D = dt.date(2026, 11, 2)


def texts(figure):
    return [a.text for a in figure.layout.annotations]


@pytest.mark.parametrize(
    ("build", "title"),
    [
        (lambda: figures.option_popularity([]), "Option popularity (items sold)"),
        (lambda: figures.funnel(Funnel(steps_of([0, 0, 0]), 0, 0)), "Configuration funnel"),
        (lambda: figures.revenue([]), "Revenue and average order value"),
        (lambda: figures.lead_times([]), "Delivered vs promised (days late)"),
        (
            lambda: figures.review_scores([DimensionScore("overall", "Overall", 0.0, 0, (0,) * 5)]),
            "Review scores per dimension",
        ),
        (lambda: figures.returns_by_reason([]), "Returns by reason"),
    ],
)
def test_empty_inputs_give_a_titled_no_data_yet_figure(build, title):
    figure = build()
    assert figure.layout.title.text == title
    assert list(figure.data) == []
    assert texts(figure) == ["No data yet"]


def test_option_popularity_has_a_bar_trace_per_module_most_sold_last_on_the_axis():
    rows = [
        OptionCount("mug", "size", "Size", "small", "Small", 5),
        OptionCount("mug", "size", "Size", "large", "Large", 2),
        OptionCount("mug", "glaze", "Glaze", "blue", "Blue <a href='x'>", 3),
    ]
    figure = figures.option_popularity(rows)
    assert [t.type for t in figure.data] == ["bar", "bar"]
    size, glaze = figure.data
    assert (size.name, list(size.x), list(size.y)) == ("Size", [2, 5], ["Size: Large", "Size: Small"])
    assert list(glaze.y) == ["Glaze: Blue &lt;a href='x'&gt;"]  # tags are shown, never followed
    assert figure.layout.title.text == "Option popularity (items sold)"


def test_option_popularity_names_the_product_when_there_are_several():
    rows = [OptionCount("mug", "size", "Size", "s", "S", 1), OptionCount("bike", "size", "Size", "m", "M", 1)]
    assert {t.name for t in figures.option_popularity(rows).data} == {"mug · Size", "bike · Size"}


def test_funnel_shows_the_stages_and_counts():
    figure = figures.funnel(Funnel(steps_of([10, 4, 1]), designs_saved=2, open_carts=3))
    [trace] = figure.data
    assert trace.type == "funnel"
    assert list(trace.y) == ["Started configuring", "Added to cart", "Ordered"]
    assert list(trace.x) == [10, 4, 1]
    assert figure.layout.title.text == "Configuration funnel"


def test_revenue_is_bars_with_the_average_order_as_a_line_on_a_second_axis():
    points = [RevenuePoint(D, 2, 5_000, 2_500), RevenuePoint(D + dt.timedelta(days=1), 0, 0, 0)]
    figure = figures.revenue(points, currency="EUR")
    bars, line = figure.data
    assert (bars.type, line.type) == ("bar", "scatter")
    assert list(bars.x) == ["2026-11-02", "2026-11-03"] and list(bars.y) == [50.0, 0.0]
    assert list(line.y) == [25.0, 0.0] and line.yaxis == "y2"
    assert figure.layout.yaxis.title.text == "revenue (EUR)"


def test_revenue_of_a_single_day_has_both_axes_from_zero():
    # one period: without a range from zero the average axis spanned cents ("13.632768" .. "13.63091k")
    figure = figures.revenue([RevenuePoint(D, 3, 4_089_574, 1_363_191)], currency="EUR")
    assert figure.layout.yaxis.rangemode == "tozero"
    assert figure.layout.yaxis2.rangemode == "tozero"


def test_lead_times_count_orders_per_day_late_with_late_ones_in_red():
    rows = [
        LeadTime("a", D, D + dt.timedelta(7), D + dt.timedelta(5), 7, 5, -2),
        LeadTime("b", D, D + dt.timedelta(7), D + dt.timedelta(8), 7, 8, 1),
        LeadTime("c", D, D + dt.timedelta(7), D + dt.timedelta(8), 7, 8, 1),
    ]
    [trace] = figures.lead_times(rows).data
    assert trace.type == "bar"
    assert list(trace.x) == [-2, -1, 0, 1] and list(trace.y) == [1, 0, 0, 2]
    assert list(trace.marker.color) == [figures.INK] * 3 + [figures.WARN]


def test_review_scores_are_averages_on_a_five_star_axis():
    scores = [
        DimensionScore("overall", "Overall", 4.5, 2, (0, 0, 0, 1, 1)),
        DimensionScore("service", "Service", 3.0, 2, (0, 0, 2, 0, 0)),
    ]
    figure = figures.review_scores(scores)
    [trace] = figure.data
    assert (trace.type, list(trace.x), list(trace.y)) == ("bar", ["Overall", "Service"], [4.5, 3.0])
    assert tuple(figure.layout.yaxis.range) == (0, 5)


def test_returns_by_reason_stack_returns_and_exchanges_most_frequent_on_top():
    rows = [
        ReasonCount("too small", "return", 3, 3_600),
        ReasonCount("too small", "exchange", 1, 0),
        ReasonCount("<b>broken</b>", "return", 1, 1_200),
    ]
    figure = figures.returns_by_reason(rows)
    returns, exchanges = figure.data
    assert (returns.name, exchanges.name) == ("return", "exchange")
    assert list(returns.y) == ["&lt;b&gt;broken&lt;/b&gt;", "too small"]
    assert list(returns.x) == [1, 3] and list(exchanges.x) == [0, 1]
    assert figure.layout.barmode == "stack"
