"""Start-up as a user meets it, on the bundled samples: the app's first frame and its
comparison on screen (a real process start in tmux, beside an empty Textual app's first
paint), and `main.py search` end to end (wall and CPU, `python main.py` and `uv run`).

    uv run bench/startup.py                      # samples db under bench/out/startup/
    DUIZHAO_DB=/tmp/s/duizhao.db uv run bench/startup.py --search-db big.db --runs 7

The app runs on its default database ($DUIZHAO_DB, set here to a database of its own that
the app builds from index/data/samples/zones on first use), as a user starts it; `search` runs on that
database with the provincial reports (index/data/samples/provinces-2026: long real paragraphs) indexed
in, and on every --search-db. Bytecode is compiled first (this machine may set
PYTHONDONTWRITEBYTECODE), so the figures are the warm start of an installed app.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import run_child  # noqa: E402
from measure_tui import bench_tmux  # noqa: E402
from spec import ROOT  # noqa: E402

QUERIES = ["发展", "营商环境", "产城融合", "招商引资", "科技创新", "高质量发展", '"优化营商环境"',
           "人工智能 制造业", "营商环境 OR 放管服", "招商 -引资"]


def compile_bytecode() -> None:
    """.pyc files for the venv and the repository, as `uv sync --compile-bytecode` leaves."""
    for folder in (sysconfig.get_paths()["purelib"], ROOT / "index", ROOT / "tui", ROOT / "bench"):
        compileall.compile_dir(str(folder), quiet=2, workers=1)
    compileall.compile_file(str(ROOT / "main.py"), quiet=2)


def search_e2e(db: Path, runs: int, uv: bool, roots: list[Path]) -> dict[Path, dict]:
    """`main.py --db DB search Q` per query: median wall and CPU of `runs` after a warm-up;
    p50 over the queries. With uv, the same through `uv run --frozen main.py`. Several
    checkouts: their runs alternate, so that the machine's load drifts over all alike."""
    env = dict(os.environ, COLUMNS="120")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    uv_bin = shutil.which("uv")
    rows: dict[Path, list] = {r: [] for r in roots}
    for q in QUERIES:
        got: dict[Path, tuple[list, list]] = {r: ([], []) for r in roots}
        for i in range(runs + 1):
            for root in roots:
                py = sys.executable if root == ROOT else str(root / ".venv" / "bin" / "python")
                cmd = ([uv_bin, "run", "--frozen", "main.py"] if uv
                       else [py, str(root / "main.py")]) + ["--db", str(db), "search", q]
                wall, _, code, _, err = run_child(cmd, cwd=root, env=env)
                if code != 0:
                    raise SystemExit(f"search {q!r} failed: {err[-800:]}")
                if i:
                    got[root][0].append(wall)
                    got[root][1].append(run_child.cpu)
        for root, (walls, cpus) in got.items():
            rows[root].append((q, statistics.median(walls), statistics.median(cpus)))
    return {root: {"p50_s": statistics.median(r[1] for r in rs),
                   "p50_cpu_s": statistics.median(r[2] for r in rs),
                   "max_s": max(r[1] for r in rs), "queries": rs}
            for root, rs in rows.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=str(ROOT / "bench" / "out" / "startup"))
    ap.add_argument("--search-db", action="append", default=[],
                    help="another database to time `main.py search` on (repeatable)")
    ap.add_argument("--no-tui", action="store_true")
    ap.add_argument("--no-search", action="store_true")
    ap.add_argument("--no-uv", action="store_true", help="skip `uv run main.py search`")
    ap.add_argument("--repo", action="append", default=[],
                    help="also time the app of another checkout (its .venv), runs alternating")
    a = ap.parse_args()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    db = Path(os.environ.get("DUIZHAO_DB") or work / "duizhao.db")
    env = {"DUIZHAO_DB": str(db)}
    compile_bytecode()
    child = dict(os.environ, **env)
    child.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, str(ROOT / "main.py"), "docs", "--json"], cwd=ROOT,
                   env=child, check=True, capture_output=True)  # built from the samples
    print(f"samples database: {db}", flush=True)
    roots = [ROOT, *map(Path, a.repo)] if not a.no_tui else []
    runs: dict[Path, dict[str, list]] = {r: {} for r in roots}
    for _ in range(a.runs if a.repo else 1):  # alternating between checkouts
        for root in roots:
            t = bench_tmux(None, 1 if a.repo else a.runs, env=env, root=root,
                           python=str(root / ".venv" / "bin" / "python") if root != ROOT
                           else None)
            if t["tmux_status"] != "ok":
                raise SystemExit(f"tmux: {t['tmux_status']}")
            for k, vs in t["tmux_all"].items():
                runs[root].setdefault(k, []).extend(vs)
            for c in t["tmux_empty_cpu"]:
                if c is not None:
                    runs[root].setdefault("cpu_empty", []).append(c[0])
            for c in t["tmux_cpu"]:
                if len(c) == 2 and None not in c:
                    runs[root].setdefault("cpu_first", []).append(c[0][0])
                    runs[root].setdefault("cpu_compare", []).append(c[1][0])
                    runs[root].setdefault("cpu_helpers", []).append(c[1][1])
    for root, got in runs.items():
        if a.repo:
            print(f"{root}:")
        med = {k: statistics.median(v) if None not in v else None for k, v in got.items()}
        empty = med["empty"]
        print(f"empty Textual app first paint   {empty:.2f} s")
        print(f"app first frame                 {med['first_paint']:.2f} s "
              f"(+{med['first_paint'] - empty:.2f} s)")
        print("app comparison on screen        " + (
            f"{med['compare']:.2f} s (+{med['compare'] - empty:.2f} s)"
            if med["compare"] is not None else "not within 20 s"))
        if med.get("cpu_compare") is not None:
            print(f"CPU: empty app by its paint {med.get('cpu_empty') or 0:.2f} s; "
                  f"app by its first frame {med['cpu_first']:.2f} s, by the comparison "
                  f"{med['cpu_compare']:.2f} s (+ child processes {med['cpu_helpers']:.2f} s)")
        print(f"  (median of {len(got['empty'])}; all runs: " + "; ".join(
            f"{k} " + " ".join(f"{v:.2f}" if v is not None else "—" for v in vs)
            for k, vs in got.items()) + ")", flush=True)
    if a.no_search:
        return 0
    prov = work / "provinces.db"
    if not prov.exists():
        shutil.copy(db, prov)
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(prov), "index",
                        "--samples", "provinces-2026"], cwd=ROOT, env=child,
                       check=True, capture_output=True)
    for sdb in [prov, *map(Path, a.search_db)]:
        for uv in ((False,) if a.no_uv or not shutil.which("uv") else (False, True)):
            got = search_e2e(sdb, a.runs, uv, [ROOT, *map(Path, a.repo)])
            for root, r in got.items():
                how = "uv run main.py" if uv else "python main.py"
                print(f"{how} search on {sdb.name}" + (f" ({root})" if a.repo else "")
                      + f": p50 {r['p50_s']:.3f} s wall, {r['p50_cpu_s']:.3f} s CPU, "
                      f"max {r['max_s']:.3f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
