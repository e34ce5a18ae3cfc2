"""The README's command-line examples run as written, in their order, on a new per-user
database (issue 21: a user copies them first).

Every `uv run main.py …` line of the README's ```sh blocks is run through click's CliRunner
(in-process: the same command line as `uv run main.py` and the installed `duizhao`, without a
Python start per line), in a fresh folder with a fresh $DUIZHAO_DB. The bare `uv run main.py`
(the app) needs a terminal; tests/test_tui_startup.py starts it.
"""

from __future__ import annotations

import json
import re
import shlex

import pytest
from click.testing import CliRunner
from conftest import ROOT

PREFIX = ["uv", "run", "main.py"]


def readme_commands() -> list[tuple[str, list[str], str | None]]:
    """(line, arguments, file its output is redirected to) of every command-line example."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, flags=re.S | re.M):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words[:3] != PREFIX or len(words) == 3:
                continue
            args, target = words[3:], None
            if ">" in args:
                at = args.index(">")
                args, target = args[:at], args[at + 1]
            out.append((line.split("  #")[0].strip(), args, target))
    return out


COMMANDS = readme_commands()


def test_the_readme_has_its_examples():
    """The parser finds the README's examples (and so this file tests them)."""
    assert len(COMMANDS) >= 20
    assert {a[0] for _, a, _ in COMMANDS if a[0] != "--db"} >= {
        "search", "kwic", "index", "docs", "compare", "themes", "trend", "first-use",
        "keywords", "collocates", "clusters", "words", "reuse", "diff"}


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """Each example, in the README's order, with what it printed."""
    import main

    folder = tmp_path_factory.mktemp("readme")
    env = {"DUIZHAO_DB": str(folder / "user" / "duizhao.db"), "COLUMNS": "100"}
    mp = pytest.MonkeyPatch()
    mp.chdir(folder)
    results = []
    try:
        for line, args, target in COMMANDS:
            result = CliRunner().invoke(main.cli, args, env=env, catch_exceptions=True)
            if target:
                (folder / target).write_bytes(result.stdout_bytes)
            results.append((line, result, target))
    finally:
        mp.undo()
    return folder, results


@pytest.mark.parametrize("n", range(len(COMMANDS)), ids=[c[0][15:] for c in COMMANDS])
def test_readme_example_runs_as_written(ran, n):
    folder, results = ran
    line, result, target = results[n]
    assert result.exception is None or (isinstance(result.exception, SystemExit)
                                        and result.exit_code == 0), (line, result.output)
    assert result.exit_code == 0, (line, result.output)
    if target:
        data = (folder / target).read_bytes()
        assert data.startswith("\ufeff".encode()) and "营商环境".encode() in data, line
        return
    out = result.stdout
    assert out.strip(), f"{line}: printed nothing"
    assert "Traceback" not in result.output and "error:" not in result.output, result.output
    if "--json" in line:
        assert json.loads(out), line
    words = shlex.split(line)[3:]
    if words[0] in ("search", "kwic", "collocates", "clusters", "compare", "trend"):
        term = next(w for w in words[1:] if not w.startswith("-") or w == "-疫情")
        if words[1:2] == ["ccrh"]:
            term = "产城融合"
        assert any(ch in out for ch in term.strip("-\"")), (line, out[:300])


def test_readme_examples_add_the_provinces_and_a_second_database(ran):
    """`index --samples provinces-2026` adds the 16 reports to the per-user database the
    examples after it compare (安徽, 浙江, 福建); `--db my.db` writes my.db in the folder."""
    folder, results = ran
    by_line = {line: result for line, result, _ in results}
    indexed = next(r for line, r in by_line.items() if "--samples provinces-2026" in line)
    assert "Indexed 16 files" in indexed.stdout
    diff = next(r for line, r in by_line.items() if line.endswith("diff 浙江 福建"))
    assert "浙江" in diff.stdout and "福建" in diff.stdout
    assert (folder / "my.db").exists()
    second = next(r for line, r in by_line.items() if line.endswith("docs --db my.db"))
    assert "海门" in second.stdout and "浙江" not in second.stdout
