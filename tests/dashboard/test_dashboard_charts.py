"""Chart geometry: bars add up, labels fit or are left out, axes are whole numbers, line labels do not collide."""

import pytest

from alumni.charts import count_ticks, share_lines, shorten, stacked_bars, stacked_columns


def test_stacked_bar_segments_fill_the_plot_in_proportion():
    chart = stacked_bars([("Sieć Zielona", [("active", 3), ("at_risk", 1), ("dormant", 0)], "n = 4")],
                         lambda key, value, share: str(value))
    row = chart.rows[0]
    assert [segment.key for segment in row.segments] == ["active", "at_risk"]  # nothing drawn for zero
    assert sum(segment.width for segment in row.segments) == pytest.approx(chart.plot_width)
    assert row.segments[0].width == pytest.approx(chart.plot_width * 0.75)
    assert row.segments[1].x == pytest.approx(chart.plot_x + row.segments[0].width)


def test_a_segment_too_narrow_for_its_number_shows_none():
    chart = stacked_bars([("All", [("active", 1), ("dormant", 999)], "")], lambda key, value, share: str(value))
    narrow, wide = chart.rows[0].segments
    assert narrow.text == "" and wide.text == "999"


def test_an_empty_network_has_a_bar_with_no_segments():
    chart = stacked_bars([("Pusta sieć", [("active", 0)], "n = 0")], lambda *args: "")
    assert chart.rows[0].segments == [] and chart.rows[0].note == "n = 0"


def test_long_labels_are_shortened_with_an_ellipsis():
    assert shorten("Miasto Efektywne Energetycznie", 400) == "Miasto Efektywne Energetycznie"
    short = shorten("Miasto Efektywne Energetycznie", 100)
    assert short.endswith("…") and len(short) < 20


@pytest.mark.parametrize("largest, ticks", [(0, [0, 1]), (4, [0, 1, 2, 3, 4]), (50, [0, 20, 40, 60]),
                                            (10050, [0, 5000, 10000, 15000])])
def test_count_axes_have_whole_ticks_covering_the_largest_column(largest, ticks):
    assert count_ticks(largest) == ticks


def test_columns_stack_counts_from_the_axis_up():
    chart = stacked_columns([(("lis", "2025"), [("active", 2), ("dormant", 2)])])
    active, dormant = chart.columns[0].segments
    bottom = chart.plot_y + chart.plot_height
    assert active.y + active.height == pytest.approx(bottom)
    assert dormant.y + dormant.height == pytest.approx(active.y)
    assert chart.ticks[-1].label == 4 and chart.columns[0].total == 4


def test_line_end_labels_are_nudged_apart():
    chart = share_lines([("PIM I", {0: 0.5, 1: 0.5}), ("PIM II", {0: 0.5, 1: 0.5}), ("PIM III", {0: None})],
                        [0, 1], lambda label, share: f"{label}: {share:.0%}")
    assert [line.label for line in chart.lines] == ["PIM I", "PIM II"]  # nothing to draw for PIM III
    first, second = chart.lines
    assert abs(first.end_y - second.end_y) >= 13
    assert first.key != second.key  # another marker shape and dash, not only another colour
