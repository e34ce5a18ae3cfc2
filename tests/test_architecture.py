"""House rules that keep the core independent of the UI."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_index_never_imports_textual():
    offenders = [p.name for p in (ROOT / "index").rglob("*.py") if "textual" in _imports(p)]
    assert offenders == []


def test_importing_the_whole_core_loads_no_textual():
    code = ("import sys, pkgutil, importlib, index\n"
            "for m in pkgutil.walk_packages(index.__path__, 'index.'):\n"
            "    importlib.import_module(m.name)\n"
            "print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_tui_has_no_sql():
    offenders = [p.name for p in (ROOT / "tui").rglob("*.py")
                 if {"sqlite3", "sqlite_utils"} & _imports(p) or ".execute(" in p.read_text()]
    assert offenders == []


def test_cli_search_does_not_import_jieba_or_textual():
    code = ("import sys, main\n"
            "print('jieba' in sys.modules, 'textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False False", out.stderr


def test_docs_keymap_matches_the_action_registry():
    from tui.actions import keymap_markdown

    assert (ROOT / "docs" / "keys.md").read_text(encoding="utf-8") == keymap_markdown()


def test_keymap_file_remaps_and_reports_unknown_ids(tmp_path):
    from tui.actions import load_keymap

    f = tmp_path / "keymap.toml"
    f.write_text('"search.kwic" = "f6"\n"nope.x" = "a"\n"reader.next" = 3\n', encoding="utf-8")
    keymap, problems = load_keymap(f)
    assert keymap == {"search.kwic": "f6"}
    assert len(problems) == 2
