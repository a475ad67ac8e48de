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
    ("build", "title", "why"),
    [
        (lambda: figures.option_popularity([]), "Option popularity (items sold)", "no items sold"),
        (
            lambda: figures.funnel(Funnel(steps_of([0, 0, 0]), 0, 0)),
            "Configuration funnel",
            "nobody started configuring",
        ),
        (lambda: figures.revenue([]), "Revenue and average order value", "no orders placed"),
        (lambda: figures.lead_times([]), "Delivered vs promised (days late)", "no order delivered"),
        (
            lambda: figures.review_scores([DimensionScore("overall", "Overall", 0.0, 0, (0,) * 5)]),
            "Review scores per dimension",
            "no reviews",
        ),
        (lambda: figures.returns_by_reason([]), "Returns by reason", "no return or exchange requested"),
    ],
)
def test_empty_inputs_give_a_titled_figure_saying_what_is_missing(build, title, why):
    figure = build()
    assert figure.layout.title.text == title
    assert list(figure.data) == []
    [text] = texts(figure)
    assert text.startswith("No data yet<br>") and f"{why} in these dates" in text
    assert figure.layout.xaxis.visible is False and figure.layout.yaxis.visible is False


def test_option_popularity_of_one_product_is_one_bar_per_option_grouped_by_module_without_legend():
    rows = [
        OptionCount("mug", "glaze", "Glaze", "blue", "Blue <a href='x'>", 3),
        OptionCount("mug", "size", "Size", "large", "Large", 2),
        OptionCount("mug", "size", "Size", "small", "Small", 5),
    ]
    figure = figures.option_popularity(rows)
    [bars] = figure.data
    assert (bars.type, bars.orientation) == ("bar", "h")
    # read top-down: module after module, the best seller first within its module
    assert list(bars.y) == ["Glaze: Blue &lt;a href='x'&gt;", "Size: Small", "Size: Large"]
    assert list(bars.x) == [3, 5, 2] and list(bars.text) == ["3", "5", "2"]  # the units are written on the bars
    assert figure.layout.yaxis.autorange == "reversed"
    assert figure.layout.showlegend is False
    assert "items sold" in bars.hovertemplate
    assert figure.layout.title.text == "Option popularity (items sold)"


def test_option_popularity_of_many_products_shows_the_top_options_sorted_and_labelled():
    # 4 products x 5 modules x 2 options: 40 options, each module a colour and a legend entry before
    rows = [
        OptionCount(product, f"m{m}", f"Module {m}", f"o{o}", f"{product} option {m}.{o}", 10 * p + 2 * m + o)
        for p, product in enumerate(["mug", "bike", "car", "desk"])
        for m in range(5)
        for o in range(2)
    ]
    figure = figures.option_popularity(rows)
    assert len(figure.data) == 1 and figure.layout.showlegend is False
    [bars] = figure.data
    assert len(bars.y) == figures.TOP_OPTIONS == 15
    assert list(bars.x) == sorted(bars.x, reverse=True) and bars.x[0] == 39  # the best seller on top
    assert bars.y[0] == "Module 4: desk option 4.1"
    assert figure.layout.title.text == "Option popularity (items sold): top 15 of 40 options"
    assert figure.layout.height < 500


def test_option_popularity_names_the_product_only_where_two_labels_would_be_the_same():
    rows = [
        OptionCount("mug", "size", "Size", "m", "M", 3),
        OptionCount("bike", "size", "Size", "m", "M", 2),
        OptionCount("bike", "frame", "Frame", "steel", "Steel", 1),
    ]
    assert list(figures.option_popularity(rows).data[0].y) == ["mug · Size: M", "bike · Size: M", "Frame: Steel"]


def test_long_option_names_are_cut_on_the_axis_and_whole_on_hover():
    name = "Extra-long hand-stitched full-grain leather handle with brass rivets"
    [bars] = figures.option_popularity([OptionCount("mug", "handle", "Handle", "h", name, 1)]).data
    assert len(bars.y[0]) == figures.LONG and bars.y[0].endswith("…")
    assert bars.customdata[0][1] == f"Handle: {name}"


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
    assert bars.customdata[0][1] == "02 Nov 2026" and "EUR" in bars.hovertemplate
    assert line.marker.line.color == "white"  # visible on top of a bar of the same height


@pytest.mark.parametrize("days", [1, 2, 3])
def test_revenue_of_a_few_days_is_a_bar_a_day_wide_on_a_date_axis_of_a_week(days):
    # one day of sales drew one bar filling the whole chart (a category axis)
    points = [RevenuePoint(D + dt.timedelta(n), 1, 1_000, 1_000) for n in range(days)]
    figure = figures.revenue(points)
    bars = figure.data[0]
    axis = figure.layout.xaxis
    assert axis.type == "date"
    assert list(bars.width) == [0.8 * figures.DAY_MS] * days
    start, end = (dt.datetime.fromisoformat(x) for x in axis.range)
    assert end - start == dt.timedelta(days=7)
    assert start < dt.datetime(2026, 11, 2) and end > dt.datetime(2026, 11, 2 + days - 1)
    assert axis.dtick == figures.DAY_MS  # one tick a day, not every twelve hours


def test_revenue_per_week_or_month_bars_are_as_wide_as_their_period():
    week = figures.revenue([RevenuePoint(D, 1, 1_000, 1_000)], bucket="week")
    assert list(week.data[0].width) == [0.8 * 7 * figures.DAY_MS]
    assert week.data[0].customdata[0][1] == "week of 02 Nov 2026"
    month = figures.revenue([RevenuePoint(D.replace(day=1), 1, 1_000, 1_000)], bucket="month")
    assert list(month.data[0].width) == [0.8 * 30 * figures.DAY_MS]
    assert (month.layout.xaxis.dtick, month.layout.xaxis.tickformat) == ("M1", "%b %Y")


def test_revenue_over_many_days_keeps_the_data_range_and_automatic_ticks():
    points = [RevenuePoint(D + dt.timedelta(n), 1, 1_000, 1_000) for n in range(30)]
    axis = figures.revenue(points).layout.xaxis
    assert [dt.datetime.fromisoformat(x) for x in axis.range] == [
        dt.datetime(2026, 11, 1, 12),
        dt.datetime(2026, 12, 1, 12),
    ]
    assert axis.dtick is None


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


def test_lead_times_all_on_time_is_one_narrow_bar_on_a_week_around_zero():
    # every order on time: a single bar on an axis from -0.5 to 0.5 filled the whole chart
    rows = [LeadTime(t, D, D + dt.timedelta(7), D + dt.timedelta(7), 7, 7, 0) for t in "ab"]
    figure = figures.lead_times(rows)
    [trace] = figure.data
    assert list(trace.x) == [0] and list(trace.y) == [2]
    assert tuple(figure.layout.xaxis.range) == (-3.5, 3.5)
    assert figure.layout.xaxis.dtick == 1 and figure.layout.yaxis.dtick == 1  # no "0.5 days", no "1.5 orders"


def test_lead_times_all_late_still_show_on_time_on_the_axis():
    rows = [LeadTime("a", D, D + dt.timedelta(7), D + dt.timedelta(12), 7, 12, 5)]
    [trace] = figures.lead_times(rows).data
    assert list(trace.x) == [0, 1, 2, 3, 4, 5]


def test_review_scores_are_averages_on_a_five_star_axis():
    scores = [
        DimensionScore("overall", "Overall", 4.5, 2, (0, 0, 0, 1, 1)),
        DimensionScore("service", "Service", 3.0, 1, (0, 0, 1, 0, 0)),
    ]
    figure = figures.review_scores(scores)
    [trace] = figure.data
    assert (trace.type, list(trace.x), list(trace.y)) == ("bar", ["Overall", "Service"], [4.5, 3.0])
    assert figure.layout.yaxis.range[0] == 0 and figure.layout.yaxis.range[1] >= 5
    assert list(trace.text) == ["4.5 ★, 2 reviews", "3.0 ★, 1 review"]


def test_a_review_dimension_nobody_rated_has_no_bar_instead_of_a_zero():
    scores = [
        DimensionScore("overall", "Overall", 4.5, 2, (0, 0, 0, 1, 1)),
        DimensionScore("service", "Service", 0.0, 0, (0,) * 5),
    ]
    [trace] = figures.review_scores(scores).data
    assert list(trace.y) == [4.5, None]
    assert list(trace.x) == ["Overall", "Service<br>(no reviews)"]


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
    assert figure.layout.xaxis.dtick == 1  # whole requests on the axis


def test_returns_by_reason_cut_long_reasons_on_the_axis():
    reason = "The colour in the photo was much darker than the one delivered to me"
    figure = figures.returns_by_reason([ReasonCount(reason, "return", 1, 0)])
    assert figure.data[0].y[0].endswith("…") and len(figure.data[0].y[0]) == figures.LONG
    assert list(figure.data[0].customdata) == [reason]
