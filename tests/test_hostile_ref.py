"""keywords --ref FOLDER (issue 25 item 3): the bounds of `index` (the 5,000-file question,
hidden and system folders, links out) and no `duizhao-ref-*` temporary database left
behind when interrupted. Every fixture is generated here."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from conftest import PROVINCES, ROOT


def _ref_folders(tmp):
    return [p for p in tmp.iterdir() if p.name.startswith("duizhao-ref-")]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_reference_run_leaves_no_temporary_database(samples_db, tmp_path, sig):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "main.py", "--db", str(samples_db), "keywords",
                             "--zone", "海门", "--ref", str(PROVINCES)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not any((d / "ref.db").exists() for d in _ref_folders(tmp)):  # indexing
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
            time.sleep(0.01)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0 and "Traceback" not in err, err
    assert _ref_folders(tmp) == []


def test_a_folder_left_by_a_killed_run_is_removed_by_the_next(tmp_path):
    from index.analysis.api import _remove_stale

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / f"duizhao-ref-{dead.pid}-abc").mkdir()
    (tmp_path / f"duizhao-ref-{dead.pid}-abc" / "ref.db").write_bytes(b"x" * 100)
    (tmp_path / f"duizhao-ref-{os.getpid()}-live").mkdir()  # a running process's: kept
    _remove_stale(tmp_path)
    assert [p.name for p in _ref_folders(tmp_path)] == [f"duizhao-ref-{os.getpid()}-live"]


def test_a_reference_folder_has_the_bounds_of_index(samples_db, tmp_path, monkeypatch):
    import main

    ref = tmp_path / "ref"
    (ref / ".hidden").mkdir(parents=True)
    for k in range(6):
        (ref / f"{k}.txt").write_text(f"第{k}号参照文件：营商环境的正文。", encoding="utf-8")
    monkeypatch.setattr(main, "CONFIRM_FILES", 5)
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    made = []
    real_mkdtemp = tempfile.mkdtemp
    monkeypatch.setattr(tempfile, "mkdtemp", lambda **kw: made.append(real_mkdtemp(**kw))
                        or made[-1])
    runner = CliRunner()
    args = ["--db", str(samples_db), "keywords", "--zone", "海门", "--ref", str(ref)]
    refused = runner.invoke(main.cli, args)  # stdin: no terminal
    assert refused.exit_code == 1 and "more than 5 files" in refused.output
    assert "--yes" in refused.output and _ref_folders(tmp_path) == []
    done = runner.invoke(main.cli, [*args, "--yes", "--json"])
    assert done.exit_code == 0, done.output
    assert len(made) == 1 and _ref_folders(tmp_path) == []  # made, then removed when done


def test_a_reference_longer_than_a_file_name_is_zone_names_not_a_traceback(samples_db):
    out = subprocess.run([sys.executable, "main.py", "--db", str(samples_db), "keywords",
                          "--zone", "海门", "--ref", "海" * 5000], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "no zone called" in out.stderr
