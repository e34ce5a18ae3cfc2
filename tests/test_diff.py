"""Document diff on real text: an edited copy of a provincial report against the report."""

from __future__ import annotations

import csv
import json
import random

import pytest
from click.testing import CliRunner

from index.corpus import Corpus
from index.reuse.diff import diff
from index.store.ingest import index_paths
from tests.reuse_plant import edit, markov
from tests.test_reuse import copy_db

DOC = "2026_浙江省_政府工作报告"


def edited_copy(paras, seed=7):
    """(new paragraph list, changed indexes, removed indexes, added texts)."""
    rng = random.Random(seed)
    texts = [t for _, t in paras]
    alphabet = "".join(sorted(set("".join(texts)) - set("\n \t")))
    long = [i for i, t in enumerate(texts) if len(t) >= 40]
    picked = rng.sample(long, 18)
    changed, removed = set(picked[:10]), set(picked[10:16])
    make = markov(texts, rng)
    added = [make(rng.randint(60, 160)) for _ in range(5)]
    planted_added = list(added)
    out = []
    for i, t in enumerate(texts):
        if i in removed:
            continue
        out.append(edit(t, rng.uniform(0.05, 0.15), alphabet, rng) if i in changed else t)
        if i in picked[16:18] or (i % 37 == 5 and len(added) > 2):
            out.append(added.pop())
    out += added
    return out, changed, removed, planted_added


@pytest.fixture(scope="module")
def zhejiang(provinces_db):
    doc = Corpus(provinces_db).document(DOC)
    return [(p.seq, p.text) for p in doc.paras]


def test_diff_reports_planted_changes_removals_additions(zhejiang):
    new, changed, removed, added = edited_copy(zhejiang)
    result = diff("A", zhejiang, "B", list(enumerate(new, 1)))
    by_a = {e.a[0]: e for e in result.entries if e.a}
    for i in changed:
        e = by_a[zhejiang[i][0]]
        assert e.op == "changed" and e.changes, (i, e.op)
        assert 0.7 < e.similarity < 1
    for i in removed:
        assert by_a[zhejiang[i][0]].op == "only_a"
    only_b = {e.b[1] for e in result.entries if e.op == "only_b"}
    assert only_b == set(added)
    same = [e for e in result.entries if e.op == "same"]
    assert len(same) == len(zhejiang) - len(changed) - len(removed)
    # document order on both sides
    a_seq = [e.a[0] for e in result.entries if e.a]
    b_seq = [e.b[0] for e in result.entries if e.b]
    assert a_seq == sorted(a_seq) and b_seq == sorted(b_seq)
    assert len(a_seq) == len(zhejiang) and len(b_seq) == len(new)


def test_changed_spans_mark_the_edits(zhejiang):
    a = zhejiang[20][1]
    b = a[:10] + "新增内容" + a[10:30] + a[34:]
    e = diff("A", [(1, a)], "B", [(1, b)]).entries[0]
    assert e.op == "changed"
    assert ["insert", 10, 10, 10, 14] in e.changes
    assert any(t == "delete" and a0 == 30 and a1 == 34 for t, a0, a1, _, _ in e.changes)


def test_moved_paragraph_is_flagged(zhejiang):
    paras = zhejiang[:30]
    moved = paras[:5] + paras[6:25] + [paras[5]] + paras[25:]
    result = diff("A", paras, "B", [(n, t) for n, (_, t) in enumerate(moved, 1)])
    flagged = [e for e in result.entries if e.moved]
    assert {e.op for e in flagged} == {"only_a", "only_b"}
    assert all(e.op == "same" for e in result.entries if not e.moved)


def test_diff_cli_json_on_indexed_edited_copy(provinces_db, zhejiang, tmp_path):
    db = copy_db(provinces_db, tmp_path / "d.db")
    new, changed, removed, _ = edited_copy(zhejiang)
    (tmp_path / "ed").mkdir()
    with open(tmp_path / "ed" / "edited.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["province", "year", "title", "source_url", "publish_date", "full_text"])
        w.writerow(["浙江省", 2027, "2027年浙江省政府工作报告（修改稿）", "", "2027-01-20",
                    "\n".join(new)])
    assert not index_paths(db, [tmp_path / "ed"]).errors
    from main import cli

    run = CliRunner().invoke(cli, ["diff", DOC, "edited", "--json", "--db", str(db)])
    assert run.exit_code == 0, run.output
    rows = json.loads(run.output)
    assert {r["op"] for r in rows} == {"same", "changed", "only_a", "only_b"}
    for r in rows:
        assert set(r) >= {"op", "a", "b", "similarity"}
    ops = {r["a"]["text"]: r["op"] for r in rows if r["a"]}
    assert sum(ops.get(zhejiang[i][1]) == "changed" for i in changed) >= 9
    assert sum(ops.get(zhejiang[i][1]) == "only_a" for i in removed) >= 5
    md = CliRunner().invoke(cli, ["diff", DOC, "edited", "--format", "md", "--db", str(db)])
    assert md.exit_code == 0 and "~~" in md.output and "**" in md.output
    bad = CliRunner().invoke(cli, ["diff", DOC, "no-such-doc", "--db", str(db)])
    assert bad.exit_code == 2 and "no document" in bad.output
