"""Compare says what the zones write: variant families by the forms used, who shares what."""

from __future__ import annotations

import pytest
from rich.console import Console

from index.compare.engine import compare
from index.compare.report import markdown
from index.store.connection import connect
from tui import compare_console


@pytest.fixture(scope="module")
def conn(provinces_db):
    return connect(provinces_db)


def test_a_variant_family_is_labelled_by_a_form_the_zone_writes(conn):
    comp = compare(conn, "营商环境", distinctive=False)
    families = [v for z in comp.zones for v in z.variants if v.family == "最多跑一次"]
    assert families
    renamed = [v for v in families if "最多跑一次" not in v.forms]
    assert renamed  # provinces write 高效办成一件事 / 一网通办, never 最多跑一次
    for z in comp.zones:
        for v in z.variants:
            assert v.label in v.forms and sum(v.forms.values()) == v.count
            assert v.forms[v.label] == max(v.forms.values())
    report = markdown(comp, 1)
    console = Console(record=True, width=400)
    compare_console.comparison(comp, 1, console=console)
    shown = console.export_text()
    for z in comp.zones:
        used = {f for v in z.variants for f in v.forms}
        if "最多跑一次" not in used:
            section = report.split(f"## {z.zone}", 1)[1].split("\n## ", 1)[0]
            assert "最多跑一次" not in section, z.zone
    assert "最多跑一次 ×" not in shown.split("variants:", 1)[0]
    json_variants = comp.as_json()["zones"][0]["variants"]
    assert {"family", "count", "forms", "label"} <= set(json_variants[0])


def test_shared_phrases_name_the_zones_and_the_silent_ones(conn):
    comp = compare(conn, "低空经济", ["浙江", "广西", "湖南"], distinctive=False)
    assert [len(z.passages) > 0 for z in comp.zones] == [True, True, False]
    console = Console(record=True, width=160)
    compare_console.comparison(comp, 1, console=console)
    text = console.export_text()
    shared = text.split("shared:", 1)[1].split("\n", 1)[0]
    assert " all" not in shared and "浙江·广西" in shared
    assert "no passage: 湖南" in text
    report = markdown(comp, 1)
    assert "No passage in 湖南省" in report
    assert "all 3" not in report
