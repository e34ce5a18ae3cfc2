"""Terminal charts (tui/charts.py, plotext): `trend --chart` and `plot`, on the bundled text."""

from __future__ import annotations

import re

from click.testing import CliRunner

from index.corpus import Corpus
from tui.charts import dispersion_chart, nice_top, trend_chart


def _y_ticks(chart: str) -> list[str]:
    """The y axis's labels, top to bottom (the text before each ┤)."""
    return [m.group(1).strip() for m in re.finditer(r"^\s*([\d.]+)┤", chart, flags=re.M)]


def test_trend_chart_starts_at_zero_and_labels_every_year(samples_db):
    import main

    res = CliRunner().invoke(main.cli, ["trend", "营商环境", "--chart", "--db", str(samples_db)])
    assert res.exit_code == 0, res.output
    chart = res.output
    ticks = _y_ticks(chart)
    assert ticks[-1] == "0" and ticks[0] == "50"  # 北仑 2020: 45.0 per 10k, axis to 50
    assert ticks == ["50", "40", "30", "20", "10", "0"]
    assert float(ticks[0]) >= 45.0
    axis_line = next(line for line in chart.splitlines() if "2018" in line and "2020" in line)
    assert "2019" in axis_line
    assert "\x1b[" not in chart  # no colour codes off a terminal
    # the key names each line in full, with its values
    assert "北仑: 2020 45.0" in chart and "梅山: 2018 26.5" in chart
    assert re.search(r"^all\s+\(all\): 2018 26\.5, 2019 7\.4, 2020 35\.7$", chart, re.M)


def test_trend_chart_of_one_year_still_labels_it(provinces_db):
    tr = Corpus(provinces_db).trend("营商环境", ["浙江"])
    chart, key = trend_chart(tr, width=70, height=16)
    assert "2026" in chart and _y_ticks(chart)[-1] == "0"
    assert any(k.startswith("A  浙江: 2026") for k in key)


def test_plot_draws_a_row_per_document_and_a_mark_per_hit(samples_db):
    import main

    res = CliRunner().invoke(main.cli, ["plot", "产城融合", "--db", str(samples_db)])
    assert res.exit_code == 0, res.output
    out = res.output
    assert "0 start" in out and "1 end" in out and "10 hit(s) along 5 document(s)" in out
    assert re.search(r"^ 2  奉化 2020 · .* — 5 hit\(s\)$", out, re.M)
    disp = Corpus(samples_db).plot("产城融合")
    chart, key = dispersion_chart(disp, width=80)
    assert chart.count("|") >= len({round(h * 70) for d in disp.docs for h in d.hits}) - 2
    assert len(key) == len(disp.docs) == 5


def test_nice_top():
    assert [nice_top(v) for v in (0, 0.3, 7.4, 26.5, 45, 100)] == [1, 0.5, 10, 50, 50, 100]


def test_axis_ticks_are_round():
    from tui.charts import axis_ticks

    assert axis_ticks(25) == [0, 5, 10, 15, 20, 25]
    assert axis_ticks(50) == [0, 10, 20, 30, 40, 50]
    assert axis_ticks(2) == [0, 0.5, 1, 1.5, 2]
    assert axis_ticks(1) == [0, 0.2, 0.4, 0.6, 0.8, 1]
