"""User work survives a process killed while writing it (issue 25: codes, memos, sets and
theme exclusions get the same treatment as the documents). A child process codes the hits of
a query, writes a memo and saves a set, over and over; it is SIGKILLed at moments it reports
and at random ones. Each write is one transaction, so what the next process finds is whole:
every code has all the hits of its query or does not exist, every memo and set written
before the kill is there, and the database passes its checks."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_db

from index.corpus import Corpus

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import sys
from index.corpus import Corpus
c = Corpus(sys.argv[1])
start = int(sys.argv[2])
for i in range(start, start + 1000):
    c.code_query(f"k{i}", "营商环境")
    c.memo_add("zone", "海门", f"memo {i}")
    c.set_save(f"s{i}", zones=["海门"])
    c.exclude_from_theme("招商引资", expr=f"不是{i}")
    print(i, flush=True)
"""


@pytest.mark.slow
def test_user_work_written_when_killed_is_whole(samples_db, tmp_path):
    db = copy_db(samples_db, tmp_path / "work.db")
    hits = Corpus(db).search("营商环境", limit=0).total
    rng = random.Random(25)
    start = 0
    reported: list[int] = []
    for _ in range(4):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(start)], cwd=ROOT,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        for _ in range(rng.randint(1, 3)):  # some whole rounds, then a kill mid-round
            line = child.stdout.readline()
            if line:
                reported.append(int(line))
        time.sleep(rng.uniform(0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait()
        start += 1000

    corpus = Corpus(db)
    codes = {c.name: c.count for c in corpus.codes()}
    # every code is whole: all the query's paragraphs, or none (never there)
    assert codes and all(n == hits for n in codes.values()), codes
    # every round the child reported finished is all there
    for i in reported:
        assert codes.get(f"k{i}") == hits
    memos = {m.text for m in corpus.memos()}
    assert {f"memo {i}" for i in reported} <= memos
    sets = {s.name for s in corpus.sets()}
    assert {f"s{i}" for i in reported} <= sets
    assert corpus.check() == []  # integrity, FTS and paragraph checksums
