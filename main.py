"""duizhao (对照): compare how Chinese policy documents phrase the same themes.

A thin command line over index/ (the corpus engine) and tui/ (the app).
"""

from __future__ import annotations

import gc
import os
import sys

# Run as a script (`uv run main.py`) or as the installed `duizhao` command (whose wrapper
# imports this module as "main"), not in a helper process (which imports it as __mp_main__)
# nor in a test that imports it:
if __name__ == "__main__" or (__name__ == "main"
                              and os.path.basename(sys.argv[0]) in ("duizhao", "duizhao.exe")):
    gc.disable()  # no collections while the modules load: cli() turns them back on

import click

from index.corpus import BUNDLED, GROUPINGS
from index.export import names_for
from tui import console as output

DB_HELP = ("Database file (before or after the command). Default: the per-user database "
           "($DUIZHAO_DB or the platform data dir), built from the bundled samples on first use.")


CONFIRM_FILES = 5000  # `index` over more files asks first (--yes does not)
# Every count option is bounded: a number past SQLite's 64-bit integers was a traceback.
MAX_COUNT = 10**9


def _remember_db(ctx: click.Context, _param, value):
    """--db given after the command wins over one given before it."""
    if value is not None:
        root = ctx.find_root()
        if root.obj is None:
            root.obj = {}
        root.obj["db"] = value
    return value


def db_option(f):
    """--db on a command, so that `main.py search 营商环境 --db my.db` works as well as
    `main.py --db my.db search 营商环境`."""
    return click.option("--db", type=click.Path(dir_okay=False), expose_value=False,
                        callback=_remember_db, is_eager=True, help=DB_HELP)(f)


class _Group(click.Group):
    """The command group, remembering the command line it was given (for provenance)."""

    def make_context(self, info_name, args, parent=None, **extra):
        argv = list(args)
        ctx = super().make_context(info_name, args, parent=parent, **extra)
        ctx.meta["duizhao.argv"] = argv  # meta is shared with the command's context
        return ctx


@click.group(cls=_Group, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """对照 duizhao — compare how zones and governments phrase the same policy themes.

    Without a command, opens the app (Compare, Search, Reader, Library) on the bundled
    sample corpus or the --db database. F1 in the app lists every key.
    """
    ctx.obj = {"db": db}  # a command's own --db replaces it (db_option)
    ctx.call_on_close(_lexicon_note)
    if ctx.invoked_subcommand not in (None, "app"):
        gc.enable()  # the app holds collections until its first comparison (tui/memory.py)
    if ctx.invoked_subcommand is None:
        ctx.invoke(app)


def _lexicon_note() -> None:
    """A broken user themes.toml, when the command read the lexicon: one line naming its
    path and line (the shipped themes were used meanwhile)."""
    themes = sys.modules.get("index.words.themes")
    warning = themes.lexicon_warning(load=False) if themes else None
    if warning:
        click.echo(f"warning: {output.visible(warning)}", err=True)


@cli.command()
@db_option
@click.option("--theme", default="产城融合", show_default=True,
              help="Theme (or any query) the Compare screen opens with.")
@click.pass_context
def app(ctx, theme="产城融合"):
    """Open the app (the default when no command is given)."""
    if not sys.stdout.isatty():
        output.fail("the app needs a terminal; for scripts use search, kwic, compare, themes, docs")
    from index.corpus import Corpus
    from tui.memory import hold_collections

    hold_collections()  # until the first comparison is drawn (tui/memory.py)
    from tui.app import DuizhaoApp

    try:
        DuizhaoApp(db=ctx.find_root().obj["db"], theme_name=theme).run()
    finally:
        Corpus.stop_helper()  # a job still running there would hold up the exit


# -- one way to print a table or report, and to fail (after sqlite-utils' output_options) --

# The core's errors that mean "this request cannot be answered" (a damaged or foreign
# database, a bad theme, an unknown zone, a format that cannot write this data): a command
# decorated with output_options or fails_cleanly ends with their one-line message and exit
# status 2. Matched by class name, so that no module is imported to recognise its error.
FAILURES = {"StoreError", "ThemeError", "UnknownZone", "ExportError", "OutputRefused",
            "WorkflowError", "Stopped"}  # Stopped: a time budget spent (exit status 3, as search)

OUT_SUFFIXES = {".json": "json", ".csv": "csv", ".md": "md", ".markdown": "md",
                ".html": "html"}


def _known_failure(exc: BaseException) -> bool:
    return any(c.__name__ in FAILURES for c in type(exc).__mro__)


def fails_cleanly(f):
    """A known failure of the core (FAILURES) ends the command with a one-line message
    and exit status 2, not a traceback."""
    import functools

    @functools.wraps(f)
    def run(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except Exception as exc:  # re-raised unless a known failure of the core
            if not _known_failure(exc):
                raise
            output.fail(str(exc), code=3 if type(exc).__name__ == "Stopped" else 2)
    return run


class Output:
    """Where and how a command prints its table or report: --format/--json/--out resolved.
    emit() prints it (rich: the command's own rendering) or writes it in an export format,
    to stdout or, with --out, to FILE and FILE.provenance.json (index/provenance.py)."""

    def __init__(self, fmt: str, path: str | None):
        self.fmt, self.path = fmt, path

    @property
    def rich(self) -> bool:
        return self.fmt == "rich"

    def emit(self, corpus, data, rich=None, *, limit: int = 10, notes=(),
             query: str | None = None, theme=None) -> None:
        """data for the terminal (rich(), a callable) or in self.fmt; notes on stderr."""
        if self.rich:
            if rich is not None:
                rich()
            return
        if self.path is None:
            sys.stdout.write(corpus.export(data, self.fmt, limit))
        else:
            ctx = click.get_current_context()
            skip = {"fmt", "as_json", "out_path", "query", "theme", "phrase"}
            filters = {k: v for k, v in ctx.params.items() if k not in skip}
            if query is None and theme is None and getattr(data, "theme", None) is None:
                words = next((ctx.params[k] for k in ("query", "theme", "phrase")
                              if ctx.params.get(k)), None)
                query = " ".join(words) if isinstance(words, (list, tuple)) else words
            written, side = corpus.export_file(
                self.path, data, self.fmt, limit, command=["duizhao", *ctx.meta.get("duizhao.argv", sys.argv[1:])],
                query=query, theme=theme, filters=filters)
            click.echo(f"wrote {output.visible(str(written))} and "
                       f"{output.visible(side.name)}", err=True)
        for note in notes:
            click.echo(f"note: {output.visible(note)}", err=True)


def output_options(kind: str | None = None, formats=None, *, rich: str = "rich: for the terminal",
                   about: dict | None = None, json_help: str = "Same as --format json."):
    """--format, --json and --out FILE on a command that prints a table or report, and
    fails_cleanly. The command takes `out` (an Output) instead of the three options.

    kind: the class name of what it prints (the export formats that can write it,
    index/export.py); or formats: the list. --out FILE writes FILE (format from --format,
    else from FILE's extension) and FILE.provenance.json beside it."""
    import functools

    names = list(formats) if formats is not None else names_for(kind or "")
    about = {"md": "md: a Markdown report with citations", "json": "json: as --json",
             "csv": "csv: a header row and one record per row, UTF-8 with BOM",
             **(about or {})}

    def decorate(f):
        @functools.wraps(f)
        def run(*args, fmt="rich", as_json=False, out_path=None, **kwargs):
            fmt = "json" if as_json else fmt
            if out_path is not None and fmt == "rich":
                from pathlib import Path

                fmt = OUT_SUFFIXES.get(Path(out_path).suffix.lower(), "")
                if fmt not in names:
                    output.fail(f"--out {out_path}: say which format to write "
                                f"(--format {'|'.join(names)}), or name a "
                                f"{'/'.join('.' + n for n in names)} file")
            return fails_cleanly(f)(*args, out=Output(fmt, out_path), **kwargs)

        run = click.option("--out", "out_path", type=click.Path(dir_okay=False),
                           help="Write to FILE (format from --format or its extension: "
                           f"{', '.join('.' + n for n in names)}) and FILE.provenance.json "
                           "beside it (command, theme or query, filters, corpus, version, "
                           "time).")(run)
        run = click.option("--json", "as_json", is_flag=True, help=json_help)(run)
        return click.option("--format", "fmt", type=click.Choice(["rich", *names]),
                            default="rich", show_default=True,
                            help="; ".join([rich, *(about.get(n, n) for n in names)]) + ".")(run)
    return decorate


def format_option(kind: str, rich: str = "rich: for the terminal"):  # output_options has it
    """--format: "rich" and every export format (index/export.py) that can write `kind`."""
    names = names_for(kind)
    about = {"md": "md: a Markdown report with citations", "json": "json: as --json",
             "csv": "csv: a header row and one record per row, UTF-8 with BOM"}
    return click.option("--format", "fmt", type=click.Choice(["rich", *names]),
                        default="rich", show_default=True,
                        help="; ".join([rich, *(about.get(n, n) for n in names)]) + ".")


# An operation budget for compare, collocates and kwic (None: only the time budget); tests
# set it to stop them after a few operations instead of waiting for a clock.
COMMAND_STEPS: int | None = None


def time_limit_option(what: str):
    """--time-limit for a command that may run long on a large corpus (docs/reliability.md)."""
    return click.option("--time-limit", "seconds", type=click.FloatRange(0, 86_400),
                        default=None, help=f"Stop {what} after this many seconds (default 10; "
                        f"0: no limit); exit status 3 when it runs out.")


def _budget(corpus, seconds: float | None, what: str):
    """The time (and operation) budget of one command's work on the corpus."""
    from index.corpus import SEARCH_SECONDS

    return corpus.time_budget(SEARCH_SECONDS if seconds is None else seconds, what,
                              steps=COMMAND_STEPS)


def _write(corpus, data, fmt: str, limit: int = 10, notes=()) -> None:
    """data in an export format on stdout, notes on stderr."""
    from index.export import ExportError

    try:
        text = corpus.export(data, fmt, limit)
    except ExportError as exc:
        output.fail(str(exc))
    sys.stdout.write(text)
    for note in notes:
        click.echo(f"note: {output.visible(note)}", err=True)


def _unknown_zones(result) -> None:
    """Stop with a message when a zone: filter names no zone and nothing was found."""
    unknown = result.unknown_zones
    if unknown and not (getattr(result, "hits", None) or getattr(result, "lines", None)):
        output.fail("; ".join(f"no zone is called {v!r}" + (
            f" (nearest: {'、'.join(near)})" if near else "") for v, near in unknown.items())
            + " — see `main.py docs` for the zones")


def _split(value: str | None) -> list[str]:
    """A comma-separated option (zones, documents): its items, Chinese commas too."""
    import re

    return [z.strip() for z in re.split(r"[,，、]", value or "") if z.strip()]


def _corpus(ctx: click.Context, *, building: bool = False):
    """The Corpus of --db, or of the per-user database made ready from the samples."""
    from index.corpus import Corpus
    from index.store.connection import StoreError

    try:
        return Corpus.open(ctx.find_root().obj["db"],
                           progress=None if building else output.quiet_progress())
    except StoreError as exc:
        output.fail(str(exc))


def _wf_run(ctx, method: str, *args, **kwargs):
    """(corpus, corpus.method(*args, **kwargs)); a WorkflowError (an unknown code, set or
    document, a bad codebook file) ends the command with its one-line message."""
    from index.corpus import WorkflowError

    corpus = _corpus(ctx)
    try:
        return corpus, getattr(corpus, method)(*args, **kwargs)
    except WorkflowError as exc:
        output.fail(str(exc))


def _set_option(f):
    return click.option("--set", "set_name", metavar="NAME",
                        help="Only the documents of this saved set (see `main.py sets`).")(f)


def _with_set(ctx, query: str, set_name: str | None) -> str:
    """The query narrowed to a set (set:NAME), after checking the set exists."""
    if not set_name:
        return query
    _wf_run(ctx, "doc_set", set_name)
    return f"{query} set:{set_name}"


def _set_docs(ctx, set_name: str | None) -> list[str] | None:
    return _wf_run(ctx, "doc_set", set_name)[1].docs if set_name else None


@cli.command()
@db_option
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--samples", "bundled", multiple=True, type=click.Choice(BUNDLED),
              help="A corpus bundled with duizhao (repeat for both): provinces-2026, the 16 "
              "provincial work reports of 2026; zones, the five samples the app opens on.")
@click.option("--prune", is_flag=True, help="Drop documents whose files are gone.")
@click.option("--text-column", help="Dataset column holding the text.")
@click.option("--title-column", help="Dataset column holding the title.")
@click.option("--zone-column", help="Dataset column holding the zone / issuing body.")
@click.option("--date-column", help="Dataset column holding the date.")
@click.option("--source-column", help="Dataset column holding the source or URL.")
@click.option("--max-mb", default=200, show_default=True, help="Skip files larger than this.")
@click.option("--follow-links", is_flag=True, help="Follow symbolic links wherever they lead "
              "(by default a link out of the folders given is skipped, with a note).")
@click.option("--yes", "-y", is_flag=True, help=f"Index more than {CONFIRM_FILES:,} files "
              f"without asking.")
@click.pass_context
def index(ctx, paths, prune, text_column, title_column, zone_column, date_column,
          source_column, max_mb, follow_links=False, yes=False, bundled=()):
    """Index files or folders (txt, md, html, docx, pdf, csv, jsonl), recursively.

    Unchanged files are skipped, changed files replace their old version, unreadable files
    are listed with the reason. Hidden and system folders are skipped, links out of the
    folders are not followed (--follow-links), and more than 5,000 files are indexed only
    after a confirmation (--yes). Exit status 1 only when nothing could be indexed.
    `index --samples provinces-2026` adds the 16 provincial reports bundled with duizhao.
    """
    from index.corpus import Corpus
    from index.store.connection import StoreError

    paths = (*paths, *(str(Corpus.bundled_corpus(name)) for name in bundled))
    if not paths:
        output.fail("index: give files or folders to index, or --samples provinces-2026")
    columns = {k: v for k, v in (("text", text_column), ("title", title_column),
                                 ("zone", zone_column), ("date", date_column),
                                 ("source", source_column)) if v}
    if not yes:
        _confirm_large_run(paths, Corpus.count_files(paths, follow_links, CONFIRM_FILES))
    corpus = _corpus(ctx, building=True)
    try:
        with output.index_progress() as progress:
            report = corpus.index(paths, prune=prune, columns=columns or None,
                                  progress=progress, max_bytes=max_mb * 2**20,
                                  follow_links=follow_links)
    except StoreError as exc:
        if exc.report is not None:  # stopped part way (disk full): what it had committed
            output.index_report(exc.report, corpus.path)
        output.fail(str(exc))
    output.index_report(report, corpus.path)
    if report.indexed:  # coded segments and passage memos follow their changed text
        anchored = corpus.reanchor()
        if anchored.moved or anchored.fuzzy or anchored.orphaned:
            click.echo(f"coded segments and memos: {anchored.moved:,} moved, {anchored.fuzzy:,} "
                       f"followed an edit, {anchored.orphaned:,} orphaned (`main.py coded "
                       f"--orphans`)", err=True)
    sys.exit(1 if report.failed else 0)


def _confirm_large_run(paths, counted: tuple[int, bool]) -> None:
    """`index /` or `index ~` must not crawl silently: above CONFIRM_FILES, ask (on a
    terminal) or stop with a message."""
    n, more = counted
    if not more:
        return
    where = ", ".join(paths)
    question = f"{where} holds more than {CONFIRM_FILES:,} files to index. Index them all?"
    if sys.stdin.isatty():
        if click.confirm(question, default=False, err=True):
            return
        output.fail("nothing indexed", code=1)
    output.fail(f"{where} holds more than {CONFIRM_FILES:,} files to index; pass --yes to "
                f"index them all, or name a smaller folder", code=1)


@cli.command(context_settings={"ignore_unknown_options": True})
@db_option
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(0, MAX_COUNT),
              help="Number of hits; 0 for all.")
@output_options("Hit", json_help="Print a JSON array of hits, best first.")
@click.option("--pinyin", is_flag=True, help="A query typed in pinyin or its initials "
              "(chanchengronghe, ccrh) stands for the corpus terms it spells, as in the app.")
@click.option("--time-limit", "seconds", type=click.FloatRange(min=0), default=None,
              help="Stop a search after this many seconds (default 10; 0: no limit).")
@click.option("--full", is_flag=True, help="Print each hit's whole paragraph, not the "
              "context around its match.")
@_set_option
@click.option("--save", "save_as", metavar="NAME", help="Also keep the query as a saved "
              "search called NAME (`main.py searches`; the app's saved searches).")
@click.pass_context
def search(ctx, query, limit, out, pinyin=False, seconds=None, full=False, set_name=None,
           save_as=None):
    """Ranked paragraphs containing QUERY.

    \b
    Terms must all match, as substrings (one- and two-character and cross-word strings too):
      产城融合 招商      both      "招大引强"    exact phrase
      营商环境 OR 放管服  either    -疫情         exclude
      zone:海门 year:2020 year:2018-2020 doc:ID   filters
      set:NAME                                    a saved set's documents (--set NAME)
    Letter case, full/half width and whitespace are ignored when matching. A query may
    start with a minus (main.py search -疫情 营商); after `--` every word is query text.
    At most 1,000 characters and 64 different terms (exit status 2 beyond), and 10 s
    (--time-limit; exit status 3 when it runs out).
    """
    import re

    from index.corpus import SEARCH_SECONDS

    typo = next((w for w in query if re.match(r"--[A-Za-z]", w)), None)
    if typo:  # unknown options are taken as query text (for -疫情): not a misspelt one
        output.fail(f"no such option: {typo.split('=')[0]} (to search for it, quote it: "
                    f"'\"{typo}\"')")
    corpus = _corpus(ctx)
    if save_as:
        _wf_run(ctx, "search_save", save_as, _with_set(ctx, " ".join(query), set_name))
    result = corpus.search(_with_set(ctx, " ".join(query), set_name), limit=limit,
                           count=out.rich, pinyin=pinyin, seconds=seconds)
    if result.stopped:
        notes, reason = result.notes[:-1], result.notes[-1]
        for note in notes:
            click.echo(f"note: {output.visible(note)}", err=True)
        if result.stopped == "time" and seconds is None:
            reason += f" (--time-limit; default {SEARCH_SECONDS:g} s)"
        output.fail(reason, code=3 if result.stopped == "time" else 2)
    _unknown_zones(result)
    out.emit(corpus, result.hits, lambda: output.search_table(result, full=full),
             notes=result.notes, query=" ".join(query))


@cli.command()
@db_option
@click.pass_context
def check(ctx):
    """Check the database for damage: SQLite's and FTS5's integrity checks and every
    paragraph's text against its checksum (docs/reliability.md). Exit status 2 when
    something is damaged; the fix is to delete the file and index again."""
    corpus = _corpus(ctx)
    problems = fails_cleanly(corpus.check)()
    for problem in problems[:20]:
        click.echo(f"damaged: {output.visible(problem)}", err=True)
    if problems:
        output.fail(f"the database {corpus.path} is damaged ({len(problems)} problem(s) "
                    f"above); delete it and rebuild with `main.py index PATH --db "
                    f"{corpus.path}`")
    click.echo(f"{corpus.path}: no damage found (integrity_check, the full-text index, "
               f"every paragraph's checksum)")


@cli.command()
@db_option
@output_options("DocInfo", json_help="Print a JSON array of documents.")
@click.pass_context
def docs(ctx, out):
    """List the indexed documents."""
    corpus = _corpus(ctx)
    rows = corpus.docs()
    out.emit(corpus, rows, lambda: output.docs_table(rows, corpus.path))


@cli.command()
@db_option
@click.argument("theme", nargs=-1, required=True)
@click.option("--zones", help="Zones to compare, comma-separated names or short names "
              "(substring match); default every zone with a passage.")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(0, MAX_COUNT),
              help="Passages per zone; 0 for all.")
@output_options("Comparison", json_help="Print the comparison as JSON.")
@click.option("--no-words", is_flag=True,
              help="Skip the distinctive-word lists (they need jieba and the word "
                   "statistics' tables, built on first use).")
@click.option("--pinyin", is_flag=True, help="An ad-hoc query typed in pinyin or its "
              "initials (ccrh) stands for the corpus terms it spells, as in the app.")
@click.option("--by", "by", type=click.Choice(GROUPINGS), default="zone", show_default=True,
              help="What a column holds: a zone, a year, a zone's year (梅山 · 2018) or a "
              "level (开发区, 区 …); with --zones, only those zones' documents.")
@_set_option
@time_limit_option("the comparison")
@click.pass_context
def compare(ctx, theme, zones, limit, out, no_words, pinyin, by="zone", set_name=None,
            seconds=None):
    """Compare how zones phrase THEME, side by side.

    \b
    THEME is a theme of the lexicon (see `main.py themes`), by name or English gloss;
    anything else is compared as an ad-hoc query (its words as exact terms, … as a gap).
    Per zone: figures, main statement (a heading naming the theme), variants, own and
    distinctive wording, and the best passages; phrases shared by zones in one colour.
      main.py compare 产城融合
      main.py compare 招商引资 --zones 梅山,嵊州 --limit 3
      main.py compare 营商环境 --format md > report.md
      main.py compare 产城融合 --by year
    """
    if not " ".join(theme).strip():
        output.fail("empty theme: name a theme (see `main.py themes`) or words to compare")
    corpus = _corpus(ctx)
    wanted = _split(zones)
    if not no_words:  # the word statistics' tables, built on first use (with progress)
        from tui.analysis_console import building_progress

        corpus.units(building_progress(), optional=True,
                     most_chars=corpus.UNITS_FOR_COMPARISON_CHARS)
    with _budget(corpus, seconds, "compare"):
        comp = corpus.compare(" ".join(theme), wanted or None, distinctive=not no_words,
                              pinyin=pinyin, by=by, only_docs=_set_docs(ctx, set_name))

    def rich():
        from tui import compare_console

        compare_console.comparison(comp, limit)
    out.emit(corpus, comp, rich, limit=limit, notes=comp.notes)


@cli.command()
@db_option
@output_options("ThemeMatrix", json_help='Print [{"theme", "gloss", "zones": {zone: '
                '{"passages", "mentions", "per_10k"}}}].')
@click.option("--by", "by", type=click.Choice(GROUPINGS), default="zone", show_default=True,
              help="Columns: zones, years, zones' years or levels (JSON keys are their labels).")
@click.option("--core", is_flag=True, help="Count each theme's core expressions only (its "
              "slogan, e.g. 新质生产力), not the related ones (docs/themes.md).")
@_set_option
@click.pass_context
def themes(ctx, out, by="zone", set_name=None, core=False):
    """Every theme of the lexicon in every zone: the zone × theme matrix.

    Cells are mentions per 10,000 characters of the zone's documents, with the number of
    passages carrying the theme in brackets. --by year makes the columns years. --format csv
    writes one row per theme × column (theme, gloss, zone, short, chars, passages, mentions,
    per_10k).
    """
    corpus = _corpus(ctx)
    m = corpus.matrix(by=by, only_docs=_set_docs(ctx, set_name), core=core)
    if core:
        click.echo("note: core expressions only (themes without a core set: all)", err=True)

    def rich():
        from tui import compare_console

        compare_console.matrix(m)
    out.emit(corpus, m, rich)


@cli.command()
@db_option
@click.argument("query", nargs=-1, required=True)
@click.option("--sort", "sort", default="rank", show_default=True,
              type=click.Choice(["rank", "L1", "L2", "L3", "R1", "R2", "R3", "zone", "date"],
                                case_sensitive=False),
              help="rank: search's order; L1-L3 / R1-R3: by the 1st-3rd word left / right "
                   "of the hit (dictionary words read outward from the hit, punctuation "
                   "skipped; see docs/search.md); zone; date.")
@click.option("--width", type=click.IntRange(1, 1000), default=None,
              help="Context per side in terminal cells (a Chinese character is 2). "
                   "Default: to fit the terminal (rich), 40 (json, csv).")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(0, MAX_COUNT),
              help="Lines (occurrences) shown; 0 for all.")
@output_options("Concordance", json_help='Print [{"doc_id", "zone", "date", "para", "left", '
                '"hit", "right", …}], one per occurrence, in sort order.')
@click.option("--pinyin", is_flag=True, help="A query typed in pinyin stands for the corpus "
              "terms it spells, as in search.")
@_set_option
@time_limit_option("the concordance")
@click.pass_context
def kwic(ctx, query, sort, width, limit, out, pinyin, set_name=None, seconds=None):
    """Concordance: every occurrence of QUERY, one line each, the hit in a centre column.

    \b
    The paragraphs are those `search` finds (same query language, filters, recall); every
    occurrence of a term in them is a line.
      main.py kwic 营商环境 --sort L1
      main.py kwic 营商环境 zone:浙江 --sort R1 --width 30
      main.py kwic 产城融合 --format csv > kwic.csv
    """
    if width is None:
        width = output.kwic_width() if out.rich else 40
    corpus = _corpus(ctx)
    with _budget(corpus, seconds, "kwic"):  # sorting by words segments every line
        result = corpus.kwic(_with_set(ctx, " ".join(query), set_name), sort=sort,
                             limit=limit, width=width, pinyin=pinyin)
    if result.query.refused:  # over the query bounds: exit 2, as search
        output.fail(result.query.refused)
    _unknown_zones(result)
    out.emit(corpus, result, lambda: output.kwic_lines(result), notes=result.notes,
             query=" ".join(query))


# -- word statistics on units (docs/analysis.md) ------------------------------------------

def _stat_output(corpus, result, out: Output, title: str) -> None:
    def rich():
        from tui import analysis_console

        analysis_console.listing(result, title)
    out.emit(corpus, result, rich, notes=result.notes)


def _stat_run(ctx, method: str, *args, **kwargs):
    from tui import analysis_console

    corpus = _corpus(ctx)
    return corpus, getattr(corpus, method)(
        *args, progress=analysis_console.building_progress(), **kwargs)


_stat_options = output_options(formats=["json", "csv"], rich="rich: a table",
                               json_help="Print a JSON array (as --format json).")


@cli.command()
@db_option
@click.option("--zone", "zones", multiple=True, help="The target zone (repeat, or --group).")
@click.option("--group", help="Several zones as one target, comma-separated.")
@click.option("--ref", help="Reference: zones (comma-separated), a duizhao database file or "
              "a folder of documents. Default: the rest of the corpus.")
@click.option("--alpha", default=0.001, show_default=True, type=click.FloatRange(0, 1),
              help="Significance level, Bonferroni-corrected for the number of candidates.")
@click.option("--min-count", default=3, show_default=True, type=click.IntRange(1, MAX_COUNT))
@click.option("--limit", default=50, show_default=True, type=click.IntRange(0, MAX_COUNT),
              help="Keywords shown; 0 for all.")
@_set_option
@click.option("--yes", "-y", is_flag=True, help=f"A --ref folder of more than "
              f"{CONFIRM_FILES:,} files is indexed without asking.")
@_stat_options
@click.pass_context
def keywords(ctx, zones, group, ref, alpha, min_count, limit, out, set_name=None, yes=False):
    """Keywords of a zone (or group) against the rest of the corpus, or --ref.

    \b
    Log-likelihood G² with its p (chi-square, 1 df), log ratio (effect size), counts and
    rates per 10,000 words on both sides; only words with p < ALPHA after a Bonferroni
    correction, in two or more of the target's documents (paragraphs, for a one-document
    target), not spread evenly over all zones. See docs/analysis.md.
      main.py keywords --zone 安徽
      main.py keywords --set 宁波            the zones of a saved set, as one target
      main.py keywords --group 北仑,梅山 --ref 海门 --format csv > kw.csv
    """
    from pathlib import Path

    target = list(zones) + _split(group)
    if any(not z.strip() for z in zones):
        output.fail("--zone is empty: name a zone (see `main.py docs`)")
    if set_name:  # the set's zones (whole zones: keywords count by zone)
        target += _wf_run(ctx, "set_zones", set_name)[1]
    if not target:
        output.fail("name a zone: --zone NAME, --group A,B or --set NAME (see `main.py docs`)")
    try:  # a name longer than the system allows is zone names, not a path
        is_path = bool(ref) and Path(ref).exists()
    except (OSError, ValueError):
        is_path = False
    if is_path and Path(ref).is_dir() and not yes:  # the bounds of `index`
        from index.corpus import Corpus

        _confirm_large_run([ref], Corpus.count_files([ref], False, CONFIRM_FILES))
    reference = ref if is_path else (_split(ref) or None)
    corpus, result = _stat_run(ctx, "keywords", target, reference, alpha=alpha,
                               min_count=min_count, limit=limit or None)
    _stat_output(corpus, result, out, "keywords")


@cli.command()
@db_option
@click.argument("query", nargs=-1, required=True)
@click.option("--window", default=5, show_default=True, type=click.IntRange(1, 20),
              help="Units each side.")
@click.option("--by-zone", is_flag=True, help="One list per zone.")
@click.option("--zones", help="Only these zones, comma-separated.")
@click.option("--min-count", default=2, show_default=True, type=click.IntRange(1, MAX_COUNT))
@click.option("--sort", type=click.Choice(["ll", "count", "mi", "log_dice"]), default="ll",
              show_default=True)
@click.option("--limit", default=30, show_default=True, type=click.IntRange(0, MAX_COUNT),
              help="Collocates shown (per zone with --by-zone); 0 for all.")
@_stat_options
@click.pass_context
@time_limit_option("the counting (once the word tables are built)")
def collocates(ctx, query, window, by_zone, zones, min_count, sort, limit, out, seconds=None):
    """Words around QUERY: frequency, left/right, log-likelihood, MI and logDice.

    \b
      main.py collocates 营商环境
      main.py collocates 营商环境 --by-zone --limit 5
    """
    from tui import analysis_console

    corpus = _corpus(ctx)
    progress = analysis_console.building_progress()
    corpus.units(progress)  # built once, outside the budget
    with _budget(corpus, seconds, "collocates"):
        result = corpus.collocates(" ".join(query), progress=progress, window=window,
                                   by_zone=by_zone, zones=_split(zones) or None,
                                   min_count=min_count, sort=sort, limit=limit or None)
    _stat_output(corpus, result, out, "collocates")


@cli.command()
@db_option
@click.argument("theme", nargs=-1, required=True)
@click.option("--zones", help="Zones to chart, comma-separated names or short names "
              "(substring match); default every zone with a passage.")
@output_options(formats=["json", "csv"], rich="rich: a chart for the terminal",
                about={"csv": "csv: one row per zone and year"},
                json_help='Print {"theme", "by": "year", "series": [{"zone", "points": '
                '[{"year", "per_10k", "passages"}]}]}.')
@click.option("--core", is_flag=True, help="Count the theme's core expressions only (the "
              "slogan itself), not the related ones.")
@_set_option
@click.option("--chart", is_flag=True, help="Draw the trend as a line chart (plotext): the "
              "y axis from zero, every year labelled, a key naming each line.")
@click.pass_context
def trend(ctx, theme, zones, out, set_name=None, core=False, chart=False):
    """How often THEME is mentioned, year by year: per zone and for the whole corpus.

    \b
    Mentions per 10,000 characters of the zone's documents of that year, matched as compare
    matches (a lexicon theme, or any words as an ad-hoc query). Documents without a year
    are left out (see `main.py docs`: years come from the text, the file name or folder).
      main.py trend 产城融合
      main.py trend 营商环境 --zones 北仑,奉化 --format csv > trend.csv
      main.py trend 产城融合 --chart
    """
    if not " ".join(theme).strip():
        output.fail("empty theme: name a theme (see `main.py themes`) or words to chart")
    corpus = _corpus(ctx)
    tr = corpus.trend(" ".join(theme), _split(zones) or None,
                      only_docs=_set_docs(ctx, set_name), core=core)

    def rich():  # the view says what it left out (undated documents) itself
        if chart:
            from tui.charts import trend_chart

            for note in tr.notes:  # the line chart does not say what it left out
                click.echo(f"note: {output.visible(note)}", err=True)
            output.chart(*trend_chart(tr, **output.chart_size()))
            return
        from tui.time_console import trend_view

        output.out.print(trend_view(tr))
    out.emit(corpus, tr, rich, notes=tr.notes)


@cli.command("first-use")
@db_option
@click.argument("phrase", nargs=-1, required=True)
@click.option("--theme", "as_theme", is_flag=True,
              help="PHRASE names a lexicon theme: any of its expressions counts.")
@click.option("--zones", help="Only these zones, comma-separated names or short names.")
@output_options(formats=["json", "csv"], rich="rich: a table and the diffusion curve",
                about={"csv": "csv: one row per zone"},
                json_help='Print [{"zone", "date", "doc_id", "para", "text"}], earliest first.')
@click.option("--core", is_flag=True, help="With --theme: the theme's core expressions only.")
@click.pass_context
def first_use(ctx, phrase, as_theme, zones, out, core=False):
    """Who used PHRASE first, and how it spread: per zone its earliest document using it.

    \b
    Zones in date order (a date known only to the year sorts after the full dates of that
    year), with the document and paragraph, then the diffusion curve: how many zones had
    used it by each date. PHRASE is matched exactly, as search matches it.
      main.py first-use 六争攻坚
      main.py first-use 产城融合 --theme --json
    """
    if not " ".join(phrase).strip():
        output.fail("empty phrase: give the words to look for, e.g. `main.py first-use 六争攻坚`")
    corpus = _corpus(ctx)
    fu = corpus.first_use(" ".join(phrase), _split(zones) or None, theme=as_theme, core=core)
    for note in fu.notes:
        click.echo(f"note: {note}", err=True)

    def rich():
        from tui.time_console import first_use_view

        output.out.print(first_use_view(fu))
    out.emit(corpus, fu, rich)


@cli.command()
@db_option
@click.argument("query", nargs=-1, required=True)
@click.option("--by-zone", is_flag=True, help="One list per zone.")
@click.option("--zones", help="Only these zones, comma-separated.")
@click.option("--units", "max_units", default=3, show_default=True, type=click.IntRange(1, 6),
              help="At most this many units of extension.")
@click.option("--min-count", default=2, show_default=True, type=click.IntRange(1, MAX_COUNT))
@click.option("--limit", default=15, show_default=True, type=click.IntRange(0, MAX_COUNT),
              help="Clusters per side (per zone with --by-zone); 0 for all.")
@_stat_options
@click.pass_context
def clusters(ctx, query, by_zone, zones, max_units, min_count, limit, out):
    """The most frequent left and right extensions of QUERY in whole units.

    \b
      main.py clusters 营商环境          优化营商环境, 营商环境持续优化 …
    """
    corpus, result = _stat_run(ctx, "clusters", " ".join(query), by_zone=by_zone,
                               zones=_split(zones) or None, max_units=max_units,
                               min_count=min_count, limit=limit or None)
    _stat_output(corpus, result, out, "clusters")


@cli.command()
@db_option
@click.option("--zone", "zones", multiple=True, help="Only this zone (repeat for several).")
@click.option("--all", "all_words", is_flag=True,
              help="Include function words and single characters.")
@click.option("--min-count", default=2, show_default=True, type=click.IntRange(1, MAX_COUNT))
@click.option("--limit", default=50, show_default=True, type=click.IntRange(0, MAX_COUNT),
              help="Words shown; 0 for all.")
@_stat_options
@click.pass_context
def words(ctx, zones, all_words, min_count, limit, out):
    """Word list: units by frequency with Gries' DP over documents (0 = even, 1 = in one).
    """
    corpus, result = _stat_run(ctx, "words", list(zones) or None, all_words=all_words,
                               min_count=min_count, limit=limit or None)
    _stat_output(corpus, result, out, "words")


@cli.command()
@db_option
@click.option("--zones", help="Only pairs with a side in these zones (comma-separated names or "
              "short names, substring match).")
@click.option("--docs", help="Only pairs with a side in these documents (comma-separated ids).")
@click.option("--since", help="Only pairs whose later document is dated on or after this "
              "(2020, 2020-06, 2020-06-01).")
@click.option("--min-similarity", default=0.5, show_default=True, type=click.FloatRange(0, 1),
              help="Share of the shorter paragraph found in the other.")
@click.option("--min-chars", default=20, show_default=True, type=click.IntRange(1, MAX_COUNT),
              help="Least number of shared characters.")
@click.option("--same-zone", is_flag=True, help="Include pairs within one zone.")
@click.option("--boilerplate", is_flag=True, help="Include boilerplate families (passages "
              "shared by more zones than --boilerplate-zones).")
@click.option("--boilerplate-zones", type=click.IntRange(2, MAX_COUNT), help="A family spread over "
              "more zones than this is boilerplate. Default: max(5, a quarter of the zones).")
@click.option("--families", "as_families", is_flag=True,
              help="List families of reused passages (earliest = likely source) instead of pairs.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(0, MAX_COUNT),
              help="Rows shown in the terminal; 0 for all (JSON and CSV carry all).")
@click.option("--no-update", is_flag=True, help="Read stored results only; process no new "
              "documents.")
@click.option("--jobs", type=click.IntRange(1, MAX_COUNT), help="Processes aligning candidates when "
              "many documents are new. Default: the number of CPUs, at most 4.")
@output_options(formats=["json", "csv"], rich="rich: a table")
@click.pass_context
def reuse(ctx, zones, docs, since, min_similarity, min_chars, same_zone, boilerplate,
          boilerplate_zones, as_families, limit, no_update, jobs, out):
    """Passages of one document that repeat a passage of another (text reuse).

    \b
    First brings the stored results up to date (only documents indexed since the last run
    are processed), then lists pairs, the earlier document as source, most shared
    characters first. Method and thresholds: docs/reuse.md.
      main.py reuse
      main.py reuse --zones 浙江 --min-similarity 0.8
      main.py reuse --families
      main.py reuse --json > reuse.json
    \b
    JSON: [{"source": {"doc_id", "zone", "date", "para", "text"}, "target": {…},
            "similarity", "shared_chars", "spans": [[s_start, s_end, t_start, t_end], …]}]
    """
    from index.store.connection import StoreError
    from tui import reuse_console

    corpus = _corpus(ctx)
    _known_filters(corpus, _split(zones), _split(docs), since)
    filters = corpus.reuse_filters(zones=_split(zones), docs=_split(docs), since=since or "",
                                   same_zone=same_zone, boilerplate=boilerplate,
                                   min_similarity=min_similarity, min_shared=min_chars,
                                   boilerplate_zones=boilerplate_zones)
    not_updated = None
    if not no_update:
        try:
            import os

            jobs = jobs or min(4, os.cpu_count() or 1)
            with reuse_console.update_progress() as progress:
                report = corpus.reuse_update(progress=progress, jobs=jobs)
            reuse_console.update_line(report)
        except StoreError as exc:
            not_updated = exc
            click.echo(f"note: results not updated: {exc}", err=True)
    shown = limit if out.rich else 0
    result = (corpus.reuse_families(filters, shown) if as_families
              else corpus.reuse(filters, shown))
    if not_updated is not None and not result.total:  # not "No reuse found": never looked for
        output.fail(f"{not_updated}; reuse could not be computed, so none is listed")
    out.emit(corpus, result, lambda: (reuse_console.families(result) if as_families
                                      else reuse_console.pairs(result)), notes=result.notes)


def _known_filters(corpus, zones: list[str], docs: list[str], since: str | None) -> None:
    """reuse --zones/--docs/--since naming nothing known: exit 2 naming the value (not
    "No reuse found")."""
    import re

    from index.store.connection import StoreError

    if since and not re.fullmatch(r"\d{4}(-\d{1,2}(-\d{1,2})?)?", since.strip()):
        raise click.BadParameter(f"{since!r} is not a date: give 2020, 2020-06 or 2020-06-01",
                                 param_hint="--since")
    if not zones and not docs:
        return
    try:
        known = corpus.docs()
    except StoreError as exc:
        output.fail(str(exc))
    for z in zones:
        if not any(z in (d.zone or "") or z in (getattr(d, "short", "") or "") for d in known):
            raise click.BadParameter(f"no zone is called {z!r} (see `main.py docs`)",
                                     param_hint="--zones")
    ids = {d.doc_id for d in known}
    for doc in docs:
        if doc not in ids:
            raise click.BadParameter(f"no document {doc!r} (see `main.py docs` for the ids)",
                                     param_hint="--docs")


@cli.command()
@db_option
@click.argument("doc_a")
@click.argument("doc_b")
@output_options("DiffResult", about={"md": "md: Markdown with deletions struck and insertions "
                                           "bold"})
@click.pass_context
def diff(ctx, doc_a, doc_b, out):
    """Collate two documents: paragraphs aligned by content, not position.

    \b
    DOC_A and DOC_B are document ids (or a part naming one document; see `main.py docs`).
    Each paragraph is same, changed (the changed characters marked), only in A or only in
    B; a paragraph that moved is reported as only in A and only in B, flagged "moved".
      main.py diff 2018_宁波国际海洋生态科技城_六争攻坚实施意见 2019_嵊州
    \b
    JSON: [{"op": "same"|"changed"|"only_a"|"only_b", "a": {"para", "text"}|null,
            "b": {…}|null, "similarity"}] in document order; changed entries add
            "changes": [[tag, a_start, a_end, b_start, b_end], …].
    """
    from tui import reuse_console

    corpus = _corpus(ctx)
    try:
        result = corpus.diff(doc_a, doc_b)
    except KeyError as exc:
        output.fail(exc.args[0])
    out.emit(corpus, result, lambda: reuse_console.diff(result))


@cli.group("theme")
def theme_group():
    """Correct and grow a lexicon theme in this corpus: take an expression or a passage
    out of it (stored in the database, kept across re-indexing), list and undo that, and
    find paragraphs it misses (docs/themes.md)."""


def _theme_exclusion(ctx, add, name, expr, doc_id, para):
    corpus = _corpus(ctx)
    if doc_id and para is None:
        output.fail("--doc needs --para: the paragraph number (¶) in that document")
    try:
        changed = (corpus.exclude_from_theme if add else corpus.include_in_theme)(
            name, expr or "", doc_id or "", para or 0)
    except ValueError as exc:
        output.fail(str(exc))
    what = f"expression “{expr}”" if expr else f"passage {doc_id} ¶{para}"
    if add:
        click.echo(f"{what} taken out of {name}" if changed else
                   f"{what} was already taken out of {name}")
    else:
        click.echo(f"{what} counts for {name} again" if changed else
                   f"{what} was not taken out of {name}: nothing to undo")


_EXPR_HELP = ("An expression of the theme, or a longer string around one (招商局: 招商 "
              "no longer counts inside it).")


@theme_group.command("exclude")
@db_option
@click.argument("name")
@click.option("--expr", help=_EXPR_HELP)
@click.option("--doc", "doc_id", help="A document id (see `main.py docs`), with --para.")
@click.option("--para", type=click.IntRange(min=1), help="The paragraph number (¶) in --doc.")
@click.pass_context
def theme_exclude(ctx, name, expr, doc_id, para):
    """Take an expression, or one passage, out of theme NAME in this corpus.

    \b
    Every figure, trend, matrix and export follows; `theme include` undoes it.
      main.py theme exclude 招商引资 --expr 招商局
      main.py theme exclude 人才 --doc 2026_北京市_政府工作报告 --para 71
    """
    _theme_exclusion(ctx, True, name, expr, doc_id, para)


@theme_group.command("include")
@db_option
@click.argument("name")
@click.option("--expr", help=_EXPR_HELP)
@click.option("--doc", "doc_id", help="A document id, with --para.")
@click.option("--para", type=click.IntRange(min=1), help="The paragraph number (¶) in --doc.")
@click.pass_context
def theme_include(ctx, name, expr, doc_id, para):
    """Undo `theme exclude`: the expression or passage counts for theme NAME again."""
    _theme_exclusion(ctx, False, name, expr, doc_id, para)


@theme_group.command("exclusions")
@db_option
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True,
              help='Print [{"theme", "expr", "doc_id", "para", "created"}].')
@click.pass_context
def theme_exclusions(ctx, name, as_json):
    """The exclusions made in this corpus (of theme NAME), oldest first."""
    import json

    corpus = _corpus(ctx)
    try:
        rows = corpus.theme_exclusions(name)
    except ValueError as exc:
        output.fail(str(exc))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        click.echo("no exclusions" + (f" for {name}" if name else ""))
    for r in rows:
        what = f"expression {r['expr']}" if r["expr"] else f"passage {r['doc_id']} ¶{r['para']}"
        click.echo(f"{r['theme']}\t{what}\t{r['created']}")


@theme_group.command("suggest")
@db_option
@click.argument("name")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200),
              help="Paragraphs to list.")
@click.option("--accept", "accept", type=click.IntRange(min=1), multiple=True,
              help="Add the phrase of suggestion N (as listed) to the theme in your "
                   "themes.toml; repeat for several.")
@click.option("--accept-phrase", "phrases", multiple=True,
              help="Add this phrase (your own choice) to the theme in your themes.toml.")
@click.option("--json", "as_json", is_flag=True, help='Print [{"doc_id", "zone", "para", '
              '"score", "phrase", "phrase_passages", "text"}], best first.')
@click.pass_context
def theme_suggest(ctx, name, limit, accept, phrases, as_json):
    """Grow theme NAME: the paragraphs most like its passages that no expression catches.

    \b
    Character n-gram TF-IDF cosine against the theme's passages (no model); each comes
    with the phrase that would catch it: its n-gram most typical of the theme's passages.
    Read them: a phrase is accepted only when you say so, into your own themes.toml
    (it then replaces the shipped theme of that name; docs/themes.md).
      main.py theme suggest 招商引资
      main.py theme suggest 招商引资 --accept 2
    """
    import json

    corpus = _corpus(ctx)
    try:
        found = corpus.suggest_for_theme(name, limit)
    except ValueError as exc:
        output.fail(str(exc))
    chosen = [found[i - 1].phrase for i in accept if i <= len(found)]
    if len(chosen) < len(accept):
        output.fail(f"--accept: there are {len(found)} suggestions")
    for phrase in dict.fromkeys([*chosen, *phrases]):
        try:
            path = corpus.accept_phrase(name, phrase)
        except ValueError as exc:
            output.fail(str(exc))
        click.echo(f"added “{phrase}” to {name} in {path}", err=True)
    if as_json:
        click.echo(json.dumps([s.as_json() for s in found], ensure_ascii=False, indent=1))
        return
    if not found:
        click.echo(f"no paragraph outside {name} shares a phrase with its passages")
    for n, s in enumerate(found, 1):
        click.echo(f"{n}. {s.score:.3f}  {s.phrase} (in {s.phrase_passages} passages)  "
                   f"{s.zone} ¶{s.para}  {output.visible(s.text[:80])}")



# -- the researcher's workflow: codes, memos, sets (docs/workflow.md) -----------------------

def _wf_write(corpus, data, out, rich) -> None:
    """data through out (--format, --json, --out), rich(data) for the terminal."""
    out.emit(corpus, data, lambda: rich(data), notes=getattr(data, "notes", ()))


@cli.command(context_settings={"ignore_unknown_options": True})
@db_option
@click.argument("code")
@click.argument("query", nargs=-1, required=True)
@click.option("--zones", help="Only these zones, comma-separated names or short names.")
@_set_option
@_stat_options
@click.pass_context
def code(ctx, code, query, zones, set_name, out):
    """Code every paragraph QUERY finds with CODE (made at the top of the codebook if new).

    \b
    QUERY is search's query language (filters, set:NAME too). Prints how many paragraphs
    were coded; a paragraph that has the code already is not coded twice.
      main.py code 策略性措施 营商环境
      main.py code 人才培养 人才引进 --zones 北仑,海门
    """
    text = _with_set(ctx, " ".join(query), set_name)
    corpus, report = _wf_run(ctx, "code_query", code, text, _split(zones) or None)
    from tui import workflow_console

    _wf_write(corpus, report, out, workflow_console.coding)


@cli.command(context_settings={"ignore_unknown_options": True})
@db_option
@click.argument("code")
@click.argument("query", nargs=-1, required=True)
@click.option("--zones", help="Only these zones, comma-separated names or short names.")
@_set_option
@_stat_options
@click.pass_context
def uncode(ctx, code, query, zones, set_name, out):
    """Take CODE off every paragraph QUERY finds (the code stays in the codebook)."""
    text = _with_set(ctx, " ".join(query), set_name)
    corpus, report = _wf_run(ctx, "uncode_query", code, text, _split(zones) or None)
    from tui import workflow_console

    _wf_write(corpus, report, out,
              lambda r: workflow_console.coding(r, undo=True))


@cli.group(invoke_without_command=True)
@db_option
@_stat_options
@click.pass_context
def codes(ctx, out):
    """The codebook: every code with its number of coded segments.

    \b
    JSON: [{"code", "parent", "description", "count", "colour", "key", "id", "guid"}],
    parents before their children.
      main.py codes import policy-instruments     the shipped policy-instrument codebook
      main.py codes import book.qdc               a REFI-QDA codebook (or a .toml)
      main.py codes matrix --by zone              code × zone counts and per-10k rates
      main.py codes cooccur                       codes sharing a paragraph
    """
    if ctx.invoked_subcommand is not None:
        return
    from tui import workflow_console

    corpus, rows = _wf_run(ctx, "codes")
    _wf_write(corpus, rows, out, workflow_console.codebook)


@codes.command("import")
@db_option
@click.argument("file")
@_stat_options
@click.pass_context
def codes_import(ctx, file, out):
    """Merge a codebook into the codebook: a .toml file, a REFI-QDA .qdc, or the name of a
    shipped one (policy-instruments). Codes already there keep their segments. A REFI-QDA
    project (.qdpx, as export-qdpx writes) brings its codings too, on the same characters
    of the same documents (docs/report.md)."""
    corpus, report = _wf_run(ctx, "codes_import", file)

    def rich(r):
        output.out.print(f"{len(r.added)} code(s) added, {len(r.updated)} updated from {r.path}")
        for note in r.notes:
            click.echo(f"note: {output.visible(note)}", err=True)
    _wf_write(corpus, report, out, rich)


@codes.command("delete")
@db_option
@click.argument("code")
@click.option("--force", is_flag=True, help="Also remove its coded segments (its sub-codes "
              "move up to its parent).")
@click.pass_context
def codes_delete(ctx, code, force):
    """Remove CODE from the codebook."""
    _, removed = _wf_run(ctx, "code_delete", code, force)
    output.out.print(f"removed {code}" + (f" and its {removed:,} segment(s)" if removed else ""))


@codes.command("matrix")
@db_option
@click.option("--by", type=click.Choice(GROUPINGS), default="zone", show_default=True,
              help="Columns: zones, years, zones' years or levels.")
@_set_option
@output_options(formats=["json", "csv"], rich="rich: a table",
                about={"csv": "csv: one row per code and group"},
                json_help='Print {"by", "rows": [{"code", "counts", "per_10k", "total"}], …}.')
@click.pass_context
def codes_matrix(ctx, by, set_name, out):
    """Coded segments per code × zone (year, level): counts and per-10k rates.

    \b
    per_10k = segments / characters of the group's documents × 10,000. Orphaned segments
    are left out (and said so). JSON: {"by", "rows": [{"code", "counts": {GROUP: n},
    "per_10k": {GROUP: rate}, "total"}], "groups", "chars"}; CSV: one row per code × group.
    """
    from tui import workflow_console

    corpus, m = _wf_run(ctx, "code_matrix", by, set_name)
    _wf_write(corpus, m, out, workflow_console.matrix)


@codes.command("cooccur")
@db_option
@_set_option
@_stat_options
@click.pass_context
def codes_cooccur(ctx, set_name, out):
    """Pairs of codes on the same paragraph: how many paragraphs carry both, and Jaccard
    (both / either). JSON: [{"a", "b", "passages", "jaccard"}]."""
    from tui import workflow_console

    corpus, co = _wf_run(ctx, "code_cooccurrence", set_name)
    _wf_write(corpus, co, out, workflow_console.cooccurrence)


@cli.command()
@db_option
@click.argument("code", required=False)
@click.option("--orphans", is_flag=True, help="Only segments whose text could not be found "
              "again after their file changed.")
@_set_option
@_stat_options
@click.pass_context
def coded(ctx, code, orphans, set_name, out):
    """Coded segments of CODE (and its sub-codes), or of every code, by zone.

    \b
    JSON: [{"code", "doc_id", "zone", "para", "start", "end", "text", "status", "score",
    …}]; status: ok, moved, fuzzy (followed an edit) or orphaned (docs/workflow.md).
      main.py coded 策略性措施
      main.py coded --orphans
    """
    from tui import workflow_console

    corpus, rows = _wf_run(ctx, "coded", code, orphans=orphans, set_name=set_name)
    _wf_write(corpus, rows, out,
              lambda r: workflow_console.segments(r, orphans=orphans))


@cli.group()
def memo():
    """Write, edit or delete a memo (list them with `main.py memos`)."""


@memo.command("add")
@db_option
@click.argument("text", nargs=-1, required=True)
@click.option("--doc", help="On a document (its id; see `main.py docs`).")
@click.option("--para", type=click.IntRange(min=1), help="With --doc: on its paragraph N "
              "(¶ in search).")
@click.option("--zone", help="On a zone.")
@click.option("--code", "code_name", help="On a code.")
@click.option("--theme", help="On a theme.")
@click.pass_context
def memo_add(ctx, text, doc, para, zone, code_name, theme):
    """A memo on one target: --doc ID [--para N] | --zone Z | --code C | --theme T."""
    targets = [(k, v) for k, v in (("document", doc), ("zone", zone), ("code", code_name),
                                   ("theme", theme)) if v]
    if len(targets) != 1:
        output.fail("name one target: --doc ID [--para N], --zone, --code or --theme")
    if para is not None and not doc:
        output.fail("--para goes with --doc")
    kind, target = targets[0]
    kind = "passage" if para is not None else kind
    _, memo_id = _wf_run(ctx, "memo_add", kind, target, " ".join(text), para)
    output.out.print(f"memo #{memo_id} written")


@memo.command("edit")
@db_option
@click.argument("memo_id", type=int)
@click.argument("text", nargs=-1, required=True)
@click.pass_context
def memo_edit(ctx, memo_id, text):
    """Replace memo MEMO_ID's text."""
    _wf_run(ctx, "memo_edit", memo_id, " ".join(text))
    output.out.print(f"memo #{memo_id} changed")


@memo.command("delete")
@db_option
@click.argument("memo_id", type=int)
@click.pass_context
def memo_delete(ctx, memo_id):
    """Delete memo MEMO_ID."""
    _wf_run(ctx, "memo_delete", memo_id)
    output.out.print(f"memo #{memo_id} deleted")


@cli.command()
@db_option
@click.option("--search", "needle", help="Only memos containing this (text or target).")
@click.option("--kind", type=click.Choice(["passage", "document", "zone", "code", "theme"]),
              help="Only memos on this kind of target.")
@click.option("--target", help="Only memos on this target (a doc_id also lists its "
              "passages' memos).")
@_stat_options
@click.pass_context
def memos(ctx, needle, kind, target, out):
    """Memos, oldest first.

    JSON: [{"target", "text", "created", "updated", "kind", "id", "status"}]; target is
    doc:ID, doc:ID#PARA, zone:Z, code:C or theme:T.
    """
    from tui import workflow_console

    corpus, rows = _wf_run(ctx, "memos", kind, target, needle)
    _wf_write(corpus, rows, out, workflow_console.memos)


@cli.group("set")
def set_group():
    """Save or delete a named set of documents (list them with `main.py sets`)."""


@set_group.command("save")
@db_option
@click.argument("name")
@click.option("--zones", help="Zones, comma-separated names or short names.")
@click.option("--years", help="A year or range: 2020, 2018-2020.")
@click.option("--level", help="Levels, comma-separated (省, 市, 区, 开发区 …).")
@click.option("--docs", help="Document ids, comma-separated.")
@click.option("--query", help="The documents with a paragraph this query finds.")
@_stat_options
@click.pass_context
def set_save(ctx, name, zones, years, level, docs, query, out):
    """Save the set NAME: the documents passing every filter given (none: all).

    \b
    A set is kept as its definition: documents indexed later that pass it are in it.
    Use it as --set NAME (search, kwic, compare, themes, trend, code, coded, codes
    matrix) or set:NAME in a query.
      main.py set save 宁波 --zones 北仑,奉化,梅山
      main.py set save 近年省级 --years 2024-2026 --level 省
    """
    from tui import workflow_console

    corpus, s = _wf_run(ctx, "set_save", name, _split(zones), years, _split(level),
                        _split(docs), query)
    _wf_write(corpus, s, out, lambda x: workflow_console.doc_sets([x]))


@set_group.command("delete")
@db_option
@click.argument("name")
@click.pass_context
def set_delete(ctx, name):
    """Delete the set NAME (its documents stay)."""
    _wf_run(ctx, "set_delete", name)
    output.out.print(f"set {name} deleted")


@cli.command()
@db_option
@_stat_options
@click.pass_context
def sets(ctx, out):
    """Saved document sets, resolved against the documents indexed now.

    JSON: [{"name", "definition": {"zones", "years", "levels", "docs", "query"}, "docs",
    "count", "description", "created", "updated"}].
    """
    from tui import workflow_console

    corpus, rows = _wf_run(ctx, "sets")
    _wf_write(corpus, rows, out, workflow_console.doc_sets)



@cli.command()
@db_option
@click.option("--delete", "delete", metavar="NAME", help="Delete the saved search NAME.")
@_stat_options
@click.pass_context
def searches(ctx, delete, out):
    """Saved searches (made with `search … --save NAME` or in the app).

    JSON: [{"name", "query", "view", "options", "created"}].
    """
    if delete:
        _wf_run(ctx, "search_delete", delete)
        output.out.print(f"saved search {delete} deleted")
        return
    corpus, rows = _wf_run(ctx, "saved_searches")

    def rich(items):
        if not items:
            output.out.print("no saved search: `main.py search QUERY --save NAME` keeps one")
        for s in items:
            output.out.print(f"{output.visible(s.name)}  [{s.view}]  "
                             f"{output.visible(s.query)}", soft_wrap=True)
    _wf_write(corpus, rows, out, rich)


@cli.command()
@db_option
@click.argument("theme", nargs=-1, required=True)
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True,
              help="The HTML file to write (replaced if it exists).")
@click.option("--zones", help="Zones to compare, comma-separated names or short names.")
@click.option("--limit", default=0, show_default=True, type=click.IntRange(min=0),
              help="Passages per zone; 0 for all.")
@click.option("--codes", is_flag=True, help="Add the coded segments of the theme's documents "
              "and the code × zone heat map.")
@click.option("--memos", is_flag=True, help="Add every memo.")
@click.option("--no-words", is_flag=True, help="Skip the distinctive words (no jieba).")
@click.pass_context
def report(ctx, theme, out, zones, limit, codes, memos, no_words):
    """Write THEME's comparison as one self-contained HTML page to hand over.

    \b
    The page opens in any browser with no network (inline CSS and SVG, no fonts or scripts
    fetched): the zones side by side with figures, variants, citations, the theme's
    expressions and which matched each passage, and charts — the trend per zone from zero,
    the hits along each document, and with --codes the code × zone heat map.
      main.py report 营商环境 --out 营商环境.html
      main.py report 产城融合 --zones 梅山,海门 --codes --memos --out report.html
    """
    from pathlib import Path

    from index.store.connection import StoreError
    from index.words.themes import ThemeError

    name = " ".join(theme).strip()
    if not name:
        output.fail("empty theme: name a theme (see `main.py themes`) or words to compare")
    corpus = _corpus(ctx)
    try:
        page = corpus.report_html(name, _split(zones) or None, codes=codes, memos=memos,
                                  limit=limit, distinctive=not no_words)
    except (StoreError, ThemeError) as exc:
        output.fail(str(exc))
    path = Path(out)
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        output.fail(f"cannot write {path}: {exc.strerror or exc}")
    click.echo(f"wrote {output.visible(str(path))} ({len(page.encode('utf-8')):,} bytes)")


@cli.command(context_settings={"ignore_unknown_options": True})
@db_option
@click.argument("query", nargs=-1, required=True)
@output_options(formats=["json", "csv"], rich="rich: the chart",
                about={"json": "json: every document and its hits' positions",
                       "csv": "csv: one row per hit"},
                json_help='Print {"query", "total", "docs": [{"doc_id", "zone", "hits", '
                '"positions"}]}.')
@click.option("--pinyin", is_flag=True, help="A query typed in pinyin stands for the corpus "
              "terms it spells.")
@click.pass_context
def plot(ctx, query, out, pinyin):
    """Dispersion plot: where QUERY's hits fall along each document (AntConc's Plot).

    \b
    One row per document, a mark at each hit: 0 is the document's start, 1 its end (the
    hit's paragraph, and its place within it). The hits are every occurrence `kwic` lists.
      main.py plot 产城融合
      main.py plot 营商环境 zone:北仑 --json
    \b
    JSON: {"query", "total", "docs": [{"doc_id", "zone", "hits", "positions"}]}.
    """
    text = " ".join(query).strip()
    if not text:
        output.fail("empty query: give the words to plot")
    corpus = _corpus(ctx)
    disp = corpus.plot(text, pinyin=pinyin)

    def rich():
        from tui.charts import dispersion_chart

        output.chart(*dispersion_chart(disp, width=output.chart_size()["width"]))
        for note in disp.notes:  # emit() gives notes only with an export format
            click.echo(f"note: {output.visible(note)}", err=True)
    out.emit(corpus, disp, rich, notes=disp.notes, query=text)


@cli.command("export-qdpx")
@db_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--name", default="duizhao project", show_default=True,
              help="The project's name, as the QDA program shows it.")
@click.option("--json", "as_json", is_flag=True, help='Print {"file", "sources", "codes", '
              '"codings", "memos", "sets", "notes"}.')
@click.pass_context
def export_qdpx(ctx, file, name, as_json):
    """Write the corpus and your codes, coded segments, memos and sets as a REFI-QDA project.

    \b
    FILE.qdpx (QDA-XML project 1.0) opens in MAXQDA, NVivo, ATLAS.ti and other programs
    that read REFI-QDA projects: each document is a text source (zone, year, level and
    doc_id as variables), each coded segment a coded selection of its characters, each
    memo a note linked to its passage, document or code, each set a set of documents.
    `codes import FILE.qdpx` reads the codebook and the codings back.
      main.py export-qdpx study.qdpx
    """
    import json

    from index.corpus import WorkflowError
    from index.store.connection import StoreError

    if not file.lower().endswith(".qdpx"):
        file += ".qdpx"
    corpus = _corpus(ctx)
    try:
        report = corpus.export_qdpx(file, name=name)
    except (StoreError, WorkflowError) as exc:
        output.fail(str(exc))
    except OSError as exc:
        output.fail(f"cannot write {file}: {exc.strerror or exc}")
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(f"wrote {file}: {report.sources} document(s), {report.codes} code(s), "
                   f"{report.codings} coded segment(s), {report.notes_written} memo(s), "
                   f"{report.sets} set(s)")
    for note in report.notes:
        click.echo(f"note: {output.visible(note)}", err=True)


if __name__ == "__main__":
    cli()
