"""House rules that keep the core independent of the UI."""

import ast
import re
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


def test_import_contracts_hold():
    """The layers of docs/architecture.md, as import-linter contracts in pyproject.toml
    (what .ci/run checks with `uv run lint-imports`)."""
    lint = Path(sys.executable).parent / "lint-imports"
    out = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


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


# ------------------------------------------------------------------ the house's shape

PROJECT = ("index", "tui", "main")
MAX_LINES = 400
MAX_TOP_LEVEL_CORE_MODULES = 10
# Packages of the core whose modules may hold SQL: the store, and the query modules of the
# capabilities that read it. Loading, text, words, metadata and the façade never do.
SQL_PACKAGES = ("index/store/", "index/search/", "index/compare/", "index/analysis/",
                "index/reuse/", "index/time/", "index/workflow/")
_SQL = re.compile(r"^\s*(SELECT|INSERT|CREATE|DELETE|UPDATE|PRAGMA|BEGIN|COMMIT|ROLLBACK|DROP"
                  r"|ALTER|WITH)\b")


def _project_files() -> list[Path]:
    return sorted([*(ROOT / "index").rglob("*.py"), *(ROOT / "tui").rglob("*.py"),
                   ROOT / "main.py"])


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(path: Path, known: set[str]) -> set[str]:
    """Project modules this file imports, anywhere in it (function-level imports count)."""
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` imports the module pkg.mod when there is one
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != me and t.split(".")[0] in PROJECT:
                out.add(t)
    return out


def _import_graph() -> dict[str, set[str]]:
    files = _project_files()
    known = {_module_name(p) for p in files}
    return {_module_name(p): _imported(p, known) for p in files}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_circles_between_project_modules():
    # A package's __init__ that re-exports its own modules is not a circle of responsibility.
    graph = {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in _import_graph().items()}
    assert _cycles(graph) == []


def test_no_file_in_the_core_or_the_ui_is_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in _project_files() if p.name != "main.py"
            for n in [len(p.read_text(encoding="utf-8").splitlines())] if n > MAX_LINES}
    assert long == {}


def test_the_core_has_few_top_level_modules_and_documented_packages():
    core = ROOT / "index"
    modules = [p.name for p in core.glob("*.py") if p.name != "__init__.py"]
    assert len(modules) <= MAX_TOP_LEVEL_CORE_MODULES, modules
    for pkg in [p for p in core.iterdir() if (p / "__init__.py").is_file()]:
        doc = ast.get_docstring(ast.parse((pkg / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()) >= 3, f"{pkg.name}/__init__.py: say what it owns"
        assert "May import" in doc, f"{pkg.name}/__init__.py: say what it may import"


def _sql_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                    ast.AsyncFunctionDef))
                  and n.body and isinstance(n.body[0], ast.Expr)
                  and isinstance(n.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("execute", "executemany", "executescript")):
            found.append(f"line {node.lineno}: .{node.func.attr}()")
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in docstrings and _SQL.match(node.value)):
            found.append(f"line {node.lineno}: {node.value[:40]!r}")
    return found


def test_sql_lives_in_the_store_and_the_query_modules():
    offenders = {}
    for p in _project_files():
        rel = p.relative_to(ROOT).as_posix()
        if rel.startswith(SQL_PACKAGES):
            continue
        if found := _sql_in(p):
            offenders[rel] = found
    assert offenders == {}


def test_no_module_imports_another_modules_private_names():
    offenders = []
    for p in _project_files():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PROJECT:
                offenders += [f"{p.relative_to(ROOT)}: {node.module}.{a.name}"
                              for a in node.names
                              if a.name.startswith("_") and not a.name.startswith("__")]
    assert offenders == []


def test_every_cli_command_goes_through_the_corpus_facade():
    """main.py reaches the core through index.corpus (and the export table and the modules
    of the error types it reports), never a store, search or compare module directly."""
    allowed = {"index", "index.corpus", "index.export", "index.store.connection",
               "index.words.themes"}
    files = _project_files()
    known = {_module_name(p) for p in files}
    core = {m for m in _imported(ROOT / "main.py", known) if m.startswith("index")}
    assert core <= allowed, core - allowed


def test_every_table_is_defined_in_the_schema_module_and_written_in_one_transaction_helper():
    """DDL lives in index/store/schema.py only, and BEGIN IMMEDIATE only in
    store.connection.write_transaction (docs/architecture.md, "The tables")."""
    ddl = re.compile(r"CREATE\s+(VIRTUAL\s+)?(TABLE|INDEX)", re.I)
    begin = re.compile(r"BEGIN\s+IMMEDIATE", re.I)
    outside, begins = [], []
    for p in _project_files():
        rel = p.relative_to(ROOT).as_posix()
        text = p.read_text(encoding="utf-8")
        if rel != "index/store/schema.py" and ddl.search(text):
            outside.append(rel)
        if rel != "index/store/connection.py" and begin.search(text):
            begins.append(rel)
    assert outside == [] and begins == []
    connection = (ROOT / "index/store/connection.py").read_text(encoding="utf-8")
    assert len(begin.findall(connection)) == 1  # write_transaction's own
