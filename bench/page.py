"""docs/performance.md, rendered from the results of a run (or a saved results.json)."""

from __future__ import annotations

import re
from pathlib import Path

import gen_corpus
from diagnose import why
from measure_tui import TUI_TARGET_TEXT, tui_fmt
from spec import MB, QUERIES, f_ms
from spec import TARGET_TEXT as CORE_TARGET_TEXT
from spec import fmt_value as core_fmt_value

TARGET_TEXT = CORE_TARGET_TEXT | TUI_TARGET_TEXT


def fmt_value(key: str, v) -> str:
    return tui_fmt(key, v) if key in TUI_TARGET_TEXT else core_fmt_value(key, v)


def label(r: dict) -> str:
    """A result's column: its size, and "real" for the real-paragraphs arrangement."""
    mb = r["mb"]
    size = f"{mb / 1000:g} GB" if mb >= 1000 else f"{mb} MB"
    return size + (" real" if r.get("arrangement") == "paragraphs" else "")


def compare_rows(c: dict) -> list[tuple[str, str, str]]:
    """(figure, wall s, CPU s) of the comparison figures of one size (bench/measure.py)."""
    def f(key):
        w, cpu = c.get(key), c.get(key.replace("_s", "_cpu"))
        if w is None and c.get("light") and key in ("one_s", "cli_s"):
            return ("not measured", "at this size")
        return ("—" if w is None else f"{w:.3f}", "—" if cpu is None else f"{cpu:.3f}")
    rows = [(f"first screen: the {c.get('top', 16)} busiest zones (what the app draws first)",
             *f("first_s")),
            ("all zones, no distinctive words", *f("nowords_s")),
            ("all zones, with distinctive words", *f("one_s")),
            (f"theme matrix ({c.get('themes', '?')} themes × every zone)", *f("matrix_s")),
            (f"`main.py compare {c.get('theme')} --json --no-words` (process)", *f("cli_nowords_s")),
            (f"`main.py compare {c.get('theme')} --json` (process)", *f("cli_s")),
            ("`main.py themes --json` (process)", *f("themes_cli_s"))]
    if "switch_p50_s" in c:
        rows += [(f"theme switch: first screen of each of the {c['themes']} themes, median",
                  *f("switch_p50_s")),
                 ("… the slowest first screen (wall) / the most CPU (theme)", *f("switch_max_s"))]
    return rows


def render(results: list[dict], mach: dict, quick: bool, argv: list[str]) -> str:
    sizes = [label(r) for r in results]
    arrs = {}
    for r in results:
        arrs.setdefault(r["mb"], set()).add(r.get("arrangement", "sentences"))
    both = {"sentences", "paragraphs"}
    mbs = [str(mb) if a == both or not any(x == both for x in arrs.values())
           else f"{mb}{'p' if 'paragraphs' in a else 's'}" for mb, a in arrs.items()]
    L: list[str] = []
    a = L.append
    a("# Performance")
    a("")
    a("Figures from `bench/run.py` (written by it: edit the script, not this page). Reproduce with")
    a("")
    a("```sh")
    a("uv run bench/run.py --sizes " + ",".join(mbs) + (" --quick" if quick else ""))
    a("```")
    a("")
    a("The corpora are generated (bench/gen_corpus.py, fixed seed) from the only real text in "
      "the repository — the 16 provincial government work reports of 2026 and the five sample "
      "zone documents, about 1 MB — by recombining real sentences into new documents with the "
      "real paragraph-length distribution and official heading structure, under generated zone "
      "names, with figures and place names replaced, so that the zone count and the vocabulary "
      "grow with the corpus. 90 % of the bytes are `.txt` files "
      "(`<zone>/<year>_<zone>_<kind>.txt`, 20–80 KB), 10 % CSV datasets in the provincial format. "
      "MB = 10⁶ bytes of UTF-8 text. Columns marked *real* use the harder real-text "
      "arrangement (`--arrangement paragraphs`): whole, unchanged paragraphs of the bundled "
      "reports reshuffled into `.txt` documents under the generated zones (no CSV); the same "
      "query set, comparison and targets.")
    a("")
    a("## Machine")
    a("")
    a("| | |")
    a("| --- | --- |")
    a(f"| CPU | {mach['cpu']} |")
    a(f"| cores | {mach['cores']} ({mach['usable_cores']} usable) |")
    a(f"| RAM | {mach['ram_gb']} GB |")
    a(f"| OS | {mach['os']} |")
    a(f"| Python / SQLite | {mach['python']} / {mach['sqlite']} |")
    a(f"| reference tools | {mach['rg'] or 'rg not installed'}; {mach['grep'] or 'grep not installed'} |")
    a(f"| date | {mach['date']} |")
    code = "; ".join(re.sub(r"^(\w+) \(?(\S+ \S+ [^)\s]+)\)?$", r"\1 (\2)", c.strip())
                     for c in mach.get("code", "unknown").split("; "))
    a(f"| code measured | {code} |")
    a("")
    a("The machine is shared with other work (tests, other builds), so single figures can be "
      "noisy by some percent; medians over repeated runs are used wherever a figure is timed.")
    busiest = max((x for r in results for x in r.get("load", [])), default=0.0)
    if busiest > 0.75 * (mach["usable_cores"] or 1):
        a("")
        a(f"**During this run the machine was busy** (1-minute load average up to "
          f"{busiest:.1f} on {mach['usable_cores']} cores, see the summary): other processes "
          f"competed for the CPU. The CPU-time rows (the indexer's user + system time, the "
          f"search thread's CPU time) show how much of each wall-clock figure is the "
          f"process's own work; where the two agree, the figure was not inflated by waiting "
          f"for a core, though shared caches may still cost some percent.")
    a("")
    # summary
    a("## Summary")
    a("")
    a("| | " + " | ".join(f"{s}" for s in sizes) + " |")
    a("| --- |" + " ---: |" * len(sizes))

    def row(name: str, fn) -> None:
        a(f"| {name} | " + " | ".join(fn(r) for r in results) + " |")

    row("text (files / documents / zones)", lambda r: f"{r['index']['text_bytes'] / MB:.1f} MB "
        f"({r['corpus']['files']:,} / {r['index']['docs']:,} / {r['index']['zones']:,})")
    row("paragraphs / distinct bigrams", lambda r: f"{r['index']['paragraphs']:,} / "
        f"{r['index']['bigrams']:,}")
    row("indexing, `main.py index` wall time", lambda r: f"{r['index']['seconds']:.1f} s")
    row("indexing speed", lambda r: f"**{r['index']['mbps']:.2f} MB/s**")
    row("… per CPU second of the indexer (user + system)", lambda r: (
        f"{r['index']['cpu_mbps']:.2f} MB/s" if r["index"].get("cpu_mbps") else "—"))
    row("peak memory while indexing (maxrss)", lambda r: f"{r['index']['rss_mb']:.0f} MB")
    row("database size (× text)", lambda r: f"{r['index']['db_bytes'] / MB:.1f} MB "
        f"(**{r['index']['db_ratio']:.2f}×**)")
    row("search, in-process, p50 / p99", lambda r: f"**{f_ms(r['search']['p50_ms'])} / "
        f"{f_ms(r['search']['p99_ms'])} ms**")
    row("… CPU time of the same calls, p50 / p99", lambda r: (
        f"{f_ms(r['search']['p50_cpu_ms'])} / {f_ms(r['search']['p99_cpu_ms'])} ms"
        if "p50_cpu_ms" in r["search"] else "—"))
    row("… with the total count, p50 / p99", lambda r: f"{f_ms(r['search']['p50_count_ms'])} / "
        f"{f_ms(r['search']['p99_count_ms'])} ms")
    row("frequent set (commonest terms), p50 / p99; CPU p99", lambda r: (
        f"**{f_ms(r['frequent']['p50_ms'])} / {f_ms(r['frequent']['p99_ms'])} ms**; "
        f"{f_ms(r['frequent']['p99_cpu_ms'])} ms" if "frequent" in r else "—"))
    row("`python main.py search`, p50 / max", lambda r: f"**{r['e2e']['p50_s']:.3f}** / "
        f"{r['e2e']['max_s']:.3f} s")
    row("`uv run main.py search`", lambda r: f"{r['e2e']['uv_s']:.3f} s" if "uv_s" in r["e2e"] else "—")
    row("`rg -F -c`, p50 (× ranked search)", lambda r: (
        f"{f_ms(r['ref']['rg_p50_ms'])} ms (**{r['ref']['rg_ratio']:.1f}×**)"
        if r["ref"]["rg"] else "rg not installed"))
    row("`grep -rF -c`, p50 (× ranked search)", lambda r: (
        f"{f_ms(r['ref']['grep_p50_ms'])} ms ({r['ref']['grep_ratio']:.1f}×)"
        if r["ref"]["grep"] else "grep not installed"))

    def cmp_cell(r):
        c = r["compare"]
        if c["status"] != "ok":
            return c["status"]
        if c.get("light"):
            return (f"not measured at this size / **{c['matrix_s']:.2f} s** "
                    f"({c['matrix_cpu']:.2f}) ({c['themes']} themes)")
        return (f"**{c['one_s']:.2f} s** ({c['one_cpu']:.2f}) / **{c['matrix_s']:.2f} s** "
                f"({c['matrix_cpu']:.2f}) ({c['themes']} themes)" if "one_cpu" in c else
                f"{c['one_s']:.2f} s / {c['matrix_s']:.2f} s ({c['themes']} themes)")

    row("theme comparison, in-process: one theme (all zones, distinctive words) / matrix, "
        "wall (CPU)", cmp_cell)

    def cmp_more(r):
        c = r["compare"]
        if "first_s" not in c:
            return "—"
        return (f"{c['first_s']:.2f} s ({c['top']} zones) / "
                f"{c['nowords_s']:.2f} s / {c['cli_nowords_s']:.2f} s / "
                + (f"**{c['cli_s']:.2f} s**" if "cli_s" in c else "not measured"))

    row("… the app's first screen (busiest zones) / all zones without distinctive words / "
        "`main.py compare THEME --json --no-words` / with words, wall", cmp_more)

    def cmp_switch(r):
        c = r["compare"]
        if "switch_p50_s" not in c:
            return "—"
        return (f"{c['switch_p50_s']:.2f} / **{c['switch_max_s']:.2f} s** "
                f"({c['switch_p50_cpu']:.2f} / {c['switch_max_cpu']:.2f})")

    row("… theme switch (every theme's first screen): median / slowest, wall (CPU)",
        cmp_switch)
    row("… `main.py themes --json`, wall (CPU)", lambda r: (
        f"{r['compare']['themes_cli_s']:.2f} s ({r['compare']['themes_cli_cpu']:.2f})"
        if "themes_cli_s" in r["compare"] else "—"))
    row("`kwic 的 or 发展 --sort L1 or R1 --limit 50`, in-process: slowest, wall (CPU); lines",
        lambda r: (f"**{r['kwic']['max_s']:.2f} s** ({r['kwic']['max_cpu']:.2f}); "
                   + ", ".join(f"{x['term']} {x['sort']} {x['s']:.2f} s of {x['total']:,}"
                               for x in r["kwic"]["runs"]) if "kwic" in r else "—"))
    row("word statistics: first build of the unit tables (what the first `keywords` or "
        "`words` after indexing waits for), wall (CPU)", lambda r: (
            f"{r['analysis']['build']['s']:.1f} s ({r['analysis']['build']['cpu']:.1f})"
            if r.get("analysis", {}).get("status") == "ok" else "—"))
    row("… then keywords --zone, collocates, clusters, words, trend, first-use: slowest, "
        "wall (CPU); each", lambda r: (
            f"**{r['analysis']['max_s']:.2f} s** ({r['analysis']['max_cpu']:.2f}); " + ", ".join(
                f"{k.split()[0]} {v['s']:.2f} s" if "s" in v else f"{k.split()[0]} failed"
                for k, v in r["analysis"]["runs"].items())
            if r.get("analysis", {}).get("status") == "ok" else "—"))
    row("machine load (1-min load average: start / after search / end)",
        lambda r: " / ".join(f"{x:.1f}" for x in r.get("load", [])) or "—")
    if all(r["tui"]["status"] in ("absent", "skipped") for r in results):
        a("| TUI first paint / keystroke | measured when the app lands |" + " |" * (len(sizes) - 1))
    else:
        def tui_cell(r):
            t = r["tui"]
            if t["status"] == "skipped":
                return "not measured here"
            if t["status"] != "ok":
                return t["status"]
            return (f"{t['first_paint_s']:.2f} s (empty app {t['empty_first_paint_s']:.2f} s) / "
                    f"{t['keystroke_ms']:.0f} ms")

        row("TUI first paint (an empty Textual app's) / keystroke to search results on screen, "
            "headless `run_test`", tui_cell)

        def tmux_cell(r):
            t = r["tui"]
            if t["status"] == "skipped":
                return "not measured here"
            if t.get("tmux_status") != "ok":
                return t.get("tmux_status", "not measured")
            return (f"**{t['first_paint_tmux_s']:.2f} s** (empty app "
                    f"{t['empty_first_paint_tmux_s']:.2f} s: "
                    f"+{t['first_paint_tmux_s'] - t['empty_first_paint_tmux_s']:.2f} s)")

        row("TUI first paint as a process start in tmux (an empty Textual app's), median",
            tmux_cell)

        def compare_cell(r):
            t = r["tui"]
            if t.get("tmux_status") != "ok" or t.get("compare_tmux_s") is None:
                return t.get("tmux_status", "not measured") if t.get("tmux_status") != "ok" \
                    else "no passages on screen within 20 s"
            return (f"**{t['compare_tmux_s']:.2f} s** "
                    f"(+{t['compare_tmux_s'] - t['empty_first_paint_tmux_s']:.2f} s)")

        row("TUI comparison on screen (Compare's panes with passages) in tmux, after the "
            "empty app's paint, median", compare_cell)
    a("")
    a("Search figures are warm (every query once to warm up, then "
      f"{results[0]['search']['reps']} rounds over the whole set; a query's figure is the "
      "median of its rounds); p50 and p99 are taken over the per-query medians "
      f"of {len(results[0]['search']['queries'])} queries (linear interpolation, so with 50 "
      "queries p99 is close to the slowest query). “Search” is `search(conn, q, limit=20)` plus "
      "`hit.snippet()` for every hit; “with the total count” adds `count=True`, which "
      "`main.py search` uses for its “N of M paragraphs” line. The end-to-end figure is a fresh "
      "`python main.py --db … search QUERY` process (the venv's interpreter, Rich table to a "
      "pipe), median of the runs after one warm-up, p50 over "
      f"{len(results[0]['e2e']['queries'])} queries.")
    a("")
    # the comparison
    cmp_ok = [r for r in results if r["compare"].get("status") == "ok"
              and "first_cpu" in r["compare"]]
    if cmp_ok:
        c0 = cmp_ok[0]["compare"]
        a("## Theme comparison")
        a("")
        a(f"For the app's start theme ({c0['theme']}) and the shipped lexicon: wall seconds "
          f"(CPU seconds of the process in brackets: user + system for a command, "
          f"`time.process_time()` in-process), medians of warm runs after one warm-up (a call "
          f"over 5 s is timed once; a theme's first screen in the switch row once, warm). "
          f"Commands are fresh `python main.py --db DB …` processes.")
        a("")
        a("| | " + " | ".join(label(r) for r in cmp_ok) + " |")
        a("| --- |" + " ---: |" * len(cmp_ok))
        a("| theme: passages / zones | " + " | ".join(
            f"{r['compare'].get('passages', 0):,} / {r['compare'].get('zones', 0):,}"
            for r in cmp_ok) + " |")
        per = [compare_rows(r["compare"]) for r in cmp_ok]
        for i, (name, _, _) in enumerate(per[0]):
            cells = []
            for r, rows in zip(cmp_ok, per):
                if i >= len(rows):
                    cells.append("—")
                    continue
                _, w, cpu = rows[i]
                extra = (f", {r['compare']['switch_max_theme']}" if "slowest" in name else "")
                cells.append(f"{w} ({cpu}{extra})")
            a(f"| {name} | " + " | ".join(cells) + " |")
        a("")
    # targets
    checked = [r for r in results if r.get("checks")]
    a("## Targets")
    a("")
    if not checked:
        a("Targets are checked at 50 and 500 MB; this run did not include those sizes.")
        a("")
    for r in checked:
        a(f"At {label(r)} ({mach['usable_cores']} cores)"
          + (", against the 500 MB targets" if r["mb"] > 500 else "") + ":")
        a("")
        a("| target | limit | measured | |")
        a("| --- | --- | ---: | --- |")
        for key, c in r["checks"].items():
            text, lim = TARGET_TEXT[key]
            met = "met" if c["met"] else "not measured" if c["met"] is None else "**missed**"
            if c.get("borderline") and c["met"] is not None:
                met += " (within 10 %: run-to-run noise can flip it)"
            a(f"| {text} | {lim.format(c['target'])} | {fmt_value(key, c['value'])} | {met} |")
        a("")
        if r["checks"].get("e2e_s"):
            a("The end-to-end figure checked is the slower of `python main.py search` (p50) and "
              "`uv run main.py search`.")
            a("")
    # misses
    misses = [(r, k) for r in checked for k, c in r["checks"].items() if c["met"] is False]
    unmeasured = [(r, k) for r in checked for k, c in r["checks"].items() if c["met"] is None]
    if misses or unmeasured:
        a("## Misses and why")
        a("")
        for r, k in unmeasured:
            c = r["compare"]
            why_not = ((f"the comparison: {c.get('status')}" if c.get("status") != "ok" else
                        "left out past 500 MB: with distinctive words it takes tens of CPU "
                        "seconds already at 500 MB" if c.get("light") else
                        "not measured by the harness of that run") if k.startswith("cmp_")
                       else "tmux not installed or the app did not start in it"
                       if k in ("tui_paint_gap_s", "tui_compare_gap_s")
                       else "the app could not be measured"
                       if k in TUI_TARGET_TEXT else "rg not installed")
            a(f"- **{label(r)}, {TARGET_TEXT[k][0]}**: not measured ({why_not}).")
        for r, k in misses:
            a(f"- **{label(r)}, {TARGET_TEXT[k][0]}** ({fmt_value(k, r['checks'][k]['value'])}, "
              f"target {TARGET_TEXT[k][1].format(r['checks'][k]['target'])}): {why(k, r)}")
        a("")
        for r in checked:
            prof = r.get("profiles") or {}
            if prof.get("slowest"):
                a(f"Slowest queries at {label(r)} (ms, median of warm runs; hits = matching "
                  f"paragraphs):")
                a("")
                a("| query | kind | top-20 + snippets | with total count | hits |")
                a("| --- | --- | ---: | ---: | ---: |")
                for s in prof["slowest"]:
                    a(f"| `{s['expanded']}` | {s['cat']} | {f_ms(s['ms'])} | {f_ms(s['ms_count'])} "
                      f"| {s['hits']:,} |")
                a("")
            if prof.get("anatomy"):
                a(f"Anatomy of the slowest queries at {label(r)} (ms, warm medians): FTS5 "
                  f"`count(*)` reads the postings only; `ORDER BY score LIMIT 20` adds the "
                  f"score of every match (index/search/rank.py: bm25() with the length class from "
                  f"the rowid); “boost sections” is the heading-boost lookup (section titles "
                  f"containing a query term, whose paragraphs get a doubled score); "
                  f"`search()` is the whole call with the rows and snippets. Statements are "
                  f"counted with SQLite's trace hook during one `search()`: the ones "
                  f"index/search/engine.py runs (of which full-text MATCH statements), and the reads "
                  f"FTS5 makes internally (segment pages).")
                a("")
                a("| query | hits | count(*) | score LIMIT 20 | boost sections (ms) | search() "
                  "| statements: ours (full-text) / FTS5's internal | µs per hit "
                  "| index terms read |")
                a("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
                for x in prof["anatomy"]:
                    us = f"{x['us_per_hit']:.1f}" if x["us_per_hit"] else "—"
                    a(f"| `{x['query']}` | {x['hits']:,} | {f_ms(x['count_ms'])} | "
                      f"{f_ms(x['rank_ms'])} | {x.get('boost_sections', 0):,} "
                      f"({f_ms(x.get('boost_ms'))}) | {f_ms(x['search_ms'])} | "
                      f"{x.get('statements', '—')} ({x.get('fts_statements', '—')}) / "
                      f"{x.get('internal', 0):,} | {us} | "
                      f"{'; '.join(x['terms'])} |")
                a("")
            if prof.get("search_profile"):
                sp = prof["search_profile"]
                a(f"cProfile of the slowest query at {label(r)}, `{sp['query']}` (3 runs; "
                  f"FTS5 expression `{sp['fts']}`), by own time:")
                a("")
                a("```")
                a(sp["top"])
                a("```")
                a("")
            if prof.get("index_profile"):
                ip = prof["index_profile"]
                plain = (f"; without it {ip['plain']['seconds']:.1f} s wall, "
                         f"{ip['plain']['cpu']:.1f} s CPU = "
                         f"{ip['bytes'] / MB / ip['plain']['cpu']:.2f} MB per CPU second"
                         if ip.get("plain") else "")
                a(f"cProfile of `index_paths()` at {label(r)} on the first {ip['files']} files "
                  f"({ip['bytes'] / MB:.1f} MB, {ip['seconds']:.1f} s under the profiler{plain}), "
                  f"by own time" + (", then cumulative:" if ip.get("cumulative") else ":"))
                a("")
                a("```")
                a(ip["top"])
                if ip.get("cumulative"):
                    a("")
                    a(ip["cumulative"])
                a("```")
                a("")
            for cp in prof.get("compare_profile") or []:
                a(f"cProfile of `{cp['call']}` at {label(r)} ({cp['seconds']:.1f} s wall, "
                  f"{cp['cpu']:.1f} s CPU under the profiler), by own time, then cumulative:")
                a("")
                a("```")
                a(cp["top"])
                a("")
                a(cp["cumulative"])
                a("```")
                a("")
            if any(k == "db_ratio" for rr, k in misses if rr is r) and r["index"]["tables"]:
                a(f"Database objects at {label(r)} (dbstat):")
                a("")
                a("| object | MB | share |")
                a("| --- | ---: | ---: |")
                tot = sum(s for _, s in r["index"]["tables"]) or 1
                for n, s in r["index"]["tables"][:8]:
                    a(f"| {n} | {s / MB:.1f} | {100 * s / tot:.0f} % |")
                a("")
    # per query
    a("## Per query")
    a("")
    z0 = results[0]["corpus"]["zone0"]
    z1 = results[0]["corpus"]["zone1"]
    a(f"In-process ranked top-20 with snippets, median ms, and matching paragraphs. "
      f"`{{Z0}}` = {gen_corpus.short(z0)} ({z0}), `{{Z1}}` = {gen_corpus.short(z1)} ({z1}), the "
      f"first two generated zones (the same at every size). Filter-only queries count the "
      f"paragraphs passing the filter.")
    a("")
    a("| query | kind | " + " | ".join(f"{s} ms | hits" for s in sizes) + " |")
    a("| --- | --- |" + " ---: | ---: |" * len(sizes))
    by = [{q["query"]: q for q in r["search"]["queries"]} for r in results]
    for cat, q in [(c, q) for c, q in QUERIES if q in by[0]]:
        cells = []
        for b in by:
            x = b.get(q)
            cells.append(f"{f_ms(x['ms'])} | {x['hits']:,}" if x else "— | —")
        qq = q.replace("|", "\\|")
        a(f"| `{qq}` | {cat} | " + " | ".join(cells) + " |")
    a("")
    # reference
    a("## Reference tools")
    a("")
    a("The single-string queries, timed with `rg -F -c QUERY DIR` and `grep -rF -c QUERY DIR` "
      "(`LC_ALL=C`, files in the page cache, median of the runs) on the same corpus, beside "
      "our in-process ranked top-20. rg and grep only count matching lines, case-sensitively "
      "and without folding; ours also ranks, folds width and case, and cuts snippets. "
      "× = tool time / ranked-search time.")
    a("")
    have_rg = [r for r in results if r["ref"]["rg"]]
    if not have_rg:
        a("rg not installed: the rg comparison was not measured.")
        a("")
    a("| query | " + " | ".join(f"{s} ours | rg (×) | grep (×)" for s in sizes) + " |")
    a("| --- |" + " ---: | ---: | ---: |" * len(sizes))
    rby = [{q["query"]: q for q in r["ref"]["queries"]} for r in results]
    for q in [q["query"] for q in results[0]["ref"]["queries"]]:
        cells = []
        for b in rby:
            x = b.get(q)
            if not x:
                cells.append("— | — | —")
                continue
            c = [f_ms(x["ms"])]
            for tool in ("rg", "grep"):
                t = x.get(tool + "_ms")
                c.append(f"{f_ms(t)} ({t / x['ms']:.1f}×)" if t is not None else "—")
            cells.append(" | ".join(c))
        a(f"| `{q}` | " + " | ".join(cells) + " |")
    a("")
    # end to end
    a("## `main.py search` end to end")
    a("")
    a("| query | " + " | ".join(f"{s} s" for s in sizes) + " |")
    a("| --- |" + " ---: |" * len(sizes))
    eby = [{q["query"]: q for q in r["e2e"]["queries"]} for r in results]
    for q in [q["query"] for q in results[0]["e2e"]["queries"]]:
        a(f"| `{q}` | " + " | ".join(f"{b[q]['s']:.3f}" if q in b else "—" for b in eby) + " |")
    row_py = " | ".join(f"{r['e2e']['python_s']:.3f}" for r in results)
    row_help = " | ".join(f"{r['e2e']['help_s']:.3f}" for r in results)
    a(f"| *baseline: `python -c pass`* | {row_py} |")
    a(f"| *baseline: `python main.py --help`* | {row_help} |")
    a("")
    a("## Method")
    a("")
    a("- Corpora: `uv run bench/gen_corpus.py --mb 50 --out bench/out/corpus-50` builds one "
      "alone (deterministic; skipped when already built with the same parameters). Queries "
      "with `{Z0}`/`{Z1}` use the first two generated zones, and the first document of each "
      "zone has a fixed year, so the filter queries find paragraphs at every size.")
    a("- Indexing: a fresh database, `python main.py --db DB index CORPUS` as a subprocess; wall "
      "time around the process; peak memory is the child's `ru_maxrss` from `wait4`; database "
      "size is the file plus its WAL after the process exits.")
    a("- Distinct bigrams: the terms of column g in `fts5vocab(para_fts, 'col')` (bigrams and the paragraphs' last characters), i.e. the index vocabulary.")
    a("- Theme comparison (bench/measure.py, compare_figures; also `uv run "
      "bench/compare_speed.py DB` on any database): `index.compare.compare(conn, theme)` for "
      "产城融合 — `top=16` (the app's first screen), all zones with `distinctive=False`, all "
      "zones with distinctive words —, `theme_matrix(conn, themes)` over the shipped lexicon, "
      "`main.py compare 产城融合 --json [--no-words]` and `main.py themes --json` as processes, "
      "and every lexicon theme's first screen (a theme switch); warm medians (a call over 5 s "
      "is timed once), wall and CPU seconds. Its targets (500 MB) are checked on wall time. TUI: the app's `run_test()` headless at 160×48 — first paint is when "
      "the app is running; keystroke: right after start, F3, then the search box set to 营, "
      "营商, 营商环, 营商环境, 税, 产城融合 in turn, each timed until the first frame the app "
      "draws with that query's results (median over the six). In tmux: `python main.py --db DB` "
      "and bench/empty_app.py (an empty Textual app with one marker string), each spawned in a "
      "new 160×48 tmux pane, timed from spawn to the first `capture-pane` showing the app's "
      "footer (the empty app's marker) and to the first one showing Compare's passages (the "
      "¶ of a passage's heading line, drawn only in the panes), polled every 5 ms; one warm-up, then the median of "
      "5 alternating runs. Without tmux the bench says so and goes on.")
    a("- Query set: 1–2 characters, words, quoted phrases, strings across word boundaries, "
      "Latin and digits, AND, OR, -exclusion and zone:/year: filters, all of which occur in "
      "the generated text (see the per-query table).")
    a("- Targets are checked at 50 MB and 500 MB on both arrangements (at 2 GB against the "
      "500 MB targets); where one is missed, the page includes the "
      "profile behind it (slowest queries with hit counts and a cProfile of the slowest, or "
      "a cProfile of indexing, or the database's dbstat breakdown).")
    a("")
    notes = Path(__file__).with_name("notes.md")  # written by hand: analyses and the path
    if notes.exists():                              # past one machine, kept across runs
        a(notes.read_text(encoding="utf-8").rstrip())
        a("")
    return "\n".join(L)
