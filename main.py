"""duizhao (对照): compare how Chinese policy documents phrase the same themes.

A thin command line over index/ (the corpus engine) and tui/ (the app).
"""

from __future__ import annotations

import sys

import click

from index.export import FORMATS
from tui import console as output


DB_HELP = ("Database file (before or after the command). Default: the per-user database "
           "($DUIZHAO_DB or the platform data dir), built from the bundled samples on first use.")


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


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """对照 duizhao — compare how zones and governments phrase the same policy themes.

    Without a command, opens the app (Compare, Search, Reader, Library) on the bundled
    sample corpus or the --db database. F1 in the app lists every key.
    """
    ctx.obj = {"db": db}  # a command's own --db replaces it (db_option)
    if ctx.invoked_subcommand is None:
        ctx.invoke(app)


@cli.command()
@db_option
@click.option("--theme", default="产城融合", show_default=True,
              help="Theme (or any query) the Compare screen opens with.")
@click.pass_context
def app(ctx, theme="产城融合"):
    """Open the app (the default when no command is given)."""
    if not sys.stdout.isatty():
        output.fail("the app needs a terminal; for scripts use search, compare, themes, docs")
    from tui.app import DuizhaoApp

    DuizhaoApp(db=ctx.find_root().obj["db"], theme_name=theme).run()


def _corpus(ctx: click.Context, *, building: bool = False):
    """The Corpus of --db, or of the per-user database made ready from the samples."""
    from index.corpus import Corpus
    from index.store.connection import StoreError

    try:
        return Corpus.open(ctx.find_root().obj["db"],
                           progress=None if building else output.quiet_progress())
    except StoreError as exc:
        output.fail(str(exc))


@cli.command()
@db_option
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--prune", is_flag=True, help="Drop documents whose files are gone.")
@click.option("--text-column", help="Dataset column holding the text.")
@click.option("--title-column", help="Dataset column holding the title.")
@click.option("--zone-column", help="Dataset column holding the zone / issuing body.")
@click.option("--date-column", help="Dataset column holding the date.")
@click.option("--source-column", help="Dataset column holding the source or URL.")
@click.option("--max-mb", default=200, show_default=True, help="Skip files larger than this.")
@click.pass_context
def index(ctx, paths, prune, text_column, title_column, zone_column, date_column,
          source_column, max_mb):
    """Index files or folders (txt, md, html, docx, pdf, csv, jsonl), recursively.

    Unchanged files are skipped, changed files replace their old version, unreadable files
    are listed with the reason. Exit status 1 only when nothing could be indexed.
    """
    from index.store.connection import StoreError

    columns = {k: v for k, v in (("text", text_column), ("title", title_column),
                                 ("zone", zone_column), ("date", date_column),
                                 ("source", source_column)) if v}
    corpus = _corpus(ctx, building=True)
    try:
        with output.index_progress() as progress:
            report = corpus.index(paths, prune=prune, columns=columns or None,
                                  progress=progress, max_bytes=max_mb * 2**20)
    except StoreError as exc:
        output.fail(str(exc))
    output.index_report(report, corpus.path)
    sys.exit(1 if report.failed else 0)


@cli.command()
@db_option
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, help="Number of hits; 0 for all.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of hits, best first.")
@click.option("--pinyin", is_flag=True, help="A query typed in pinyin or its initials "
              "(chanchengronghe, ccrh) stands for the corpus terms it spells, as in the app.")
@click.pass_context
def search(ctx, query, limit, as_json=False, pinyin=False):
    """Ranked paragraphs containing QUERY.

    \b
    Terms must all match, as substrings (one- and two-character and cross-word strings too):
      产城融合 招商      both      "招大引强"    exact phrase
      营商环境 OR 放管服  either    -疫情         exclude
      zone:海门 year:2020 year:2018-2020 doc:ID   filters
    Letter case, full/half width and whitespace are ignored when matching.
    """
    from index.store.connection import StoreError

    corpus = _corpus(ctx)
    try:
        result = corpus.search(" ".join(query), limit=limit, count=not as_json,
                                   pinyin=pinyin)
    except StoreError as exc:
        output.fail(str(exc))
    if as_json:
        sys.stdout.write(corpus.export(result.hits, "json"))
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
    else:
        output.search_table(result)


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of documents.")
@click.pass_context
def docs(ctx, as_json):
    """List the indexed documents."""
    from index.store.connection import StoreError

    corpus = _corpus(ctx)
    try:
        rows = corpus.docs()
    except StoreError as exc:
        output.fail(str(exc))
    if as_json:
        sys.stdout.write(corpus.export(rows, "json"))
    else:
        output.docs_table(rows, corpus.path)


@cli.command()
@db_option
@click.argument("theme", nargs=-1, required=True)
@click.option("--zones", help="Zones to compare, comma-separated names or short names "
              "(substring match); default every zone with a passage.")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(min=0),
              help="Passages per zone; 0 for all.")
@click.option("--format", "fmt", type=click.Choice(["rich", *FORMATS]), default="rich",
              show_default=True, help="rich: for the terminal; md: a Markdown report with "
              "citations; json: as --json.")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@click.option("--no-words", is_flag=True,
              help="Skip the distinctive-word lists (they need jieba, ~1 s to load).")
@click.option("--pinyin", is_flag=True, help="An ad-hoc query typed in pinyin or its "
              "initials (ccrh) stands for the corpus terms it spells, as in the app.")
@click.pass_context
def compare(ctx, theme, zones, limit, fmt, as_json, no_words, pinyin):
    """Compare how zones phrase THEME, side by side.

    \b
    THEME is a theme of the lexicon (see `main.py themes`), by name or English gloss;
    anything else is compared as an ad-hoc query (its words as exact terms, … as a gap).
    Per zone: figures, main statement (a heading naming the theme), variants, own and
    distinctive wording, and the best passages; phrases shared by zones in one colour.
      main.py compare 产城融合
      main.py compare 招商引资 --zones 梅山,嵊州 --limit 3
      main.py compare 营商环境 --format md > report.md
    """
    import re

    from index.store.connection import StoreError
    from index.words.themes import ThemeError

    if not " ".join(theme).strip():
        output.fail("empty theme: name a theme (see `main.py themes`) or words to compare")
    corpus = _corpus(ctx)
    wanted = [z.strip() for z in re.split(r"[,，、]", zones or "") if z.strip()]
    try:
        comp = corpus.compare(" ".join(theme), wanted or None, distinctive=not no_words,
                                  pinyin=pinyin)
    except (StoreError, ThemeError) as exc:
        output.fail(str(exc))
    if as_json:
        fmt = "json"
    if fmt != "rich":
        sys.stdout.write(corpus.export(comp, fmt, limit))
        for note in comp.notes:
            click.echo(f"note: {note}", err=True)
    else:
        from tui import compare_console

        compare_console.comparison(comp, limit)


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True,
              help='Print [{"theme", "gloss", "zones": {zone: {"passages", "mentions", '
                   '"per_10k"}}}].')
@click.pass_context
def themes(ctx, as_json):
    """Every theme of the lexicon in every zone: the zone × theme matrix.

    Cells are mentions per 10,000 characters of the zone's documents, with the number of
    passages carrying the theme in brackets.
    """
    from index.store.connection import StoreError

    corpus = _corpus(ctx)
    try:
        m = corpus.matrix()
    except StoreError as exc:
        output.fail(str(exc))
    if as_json:
        sys.stdout.write(corpus.export(m, "json"))
    else:
        from tui import compare_console

        compare_console.matrix(m)



def _wanted(value: str | None) -> list[str]:
    import re

    return [z.strip() for z in re.split(r"[,，、]", value or "") if z.strip()]


@cli.command()
@db_option
@click.option("--zones", help="Only pairs with a side in these zones (comma-separated names or "
              "short names, substring match).")
@click.option("--docs", help="Only pairs with a side in these documents (comma-separated ids).")
@click.option("--since", help="Only pairs whose later document is dated on or after this "
              "(2020, 2020-06, 2020-06-01).")
@click.option("--min-similarity", default=0.5, show_default=True, type=click.FloatRange(0, 1),
              help="Share of the shorter paragraph found in the other.")
@click.option("--min-chars", default=20, show_default=True, type=click.IntRange(min=1),
              help="Least number of shared characters.")
@click.option("--same-zone", is_flag=True, help="Include pairs within one zone.")
@click.option("--boilerplate", is_flag=True, help="Include boilerplate families (passages "
              "shared by more zones than --boilerplate-zones).")
@click.option("--boilerplate-zones", type=click.IntRange(min=2), help="A family spread over "
              "more zones than this is boilerplate. Default: max(5, a quarter of the zones).")
@click.option("--families", "as_families", is_flag=True,
              help="List families of reused passages (earliest = likely source) instead of pairs.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0),
              help="Rows shown in the terminal; 0 for all (JSON and CSV carry all).")
@click.option("--no-update", is_flag=True, help="Read stored results only; process no new "
              "documents.")
@click.option("--jobs", type=click.IntRange(min=1), help="Processes aligning candidates when "
              "many documents are new. Default: the number of CPUs, at most 4.")
@click.option("--format", "fmt", type=click.Choice(["rich", "json", "csv"]), default="rich",
              show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.pass_context
def reuse(ctx, zones, docs, since, min_similarity, min_chars, same_zone, boilerplate,
          boilerplate_zones, as_families, limit, no_update, jobs, fmt, as_json):
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
    from index.reuse.query import Filters
    from index.store.connection import StoreError
    from tui import reuse_console

    corpus = _corpus(ctx)
    filters = Filters(zones=_wanted(zones), docs=_wanted(docs), since=since or "",
                      same_zone=same_zone, boilerplate=boilerplate,
                      min_similarity=min_similarity, min_shared=min_chars,
                      boilerplate_zones=boilerplate_zones)
    try:
        if not no_update:
            try:
                import os

                jobs = jobs or min(4, os.cpu_count() or 1)
                with reuse_console.update_progress() as progress:
                    report = corpus.reuse_update(progress=progress, jobs=jobs)
                reuse_console.update_line(report)
            except StoreError as exc:
                click.echo(f"note: results not updated: {exc}", err=True)
        fmt = "json" if as_json else fmt
        shown = limit if fmt == "rich" else 0
        result = (corpus.reuse_families(filters, shown) if as_families
                  else corpus.reuse(filters, shown))
    except StoreError as exc:
        output.fail(str(exc))
    if fmt != "rich":
        sys.stdout.write(corpus.export(result, fmt))
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
    elif as_families:
        reuse_console.families(result)
    else:
        reuse_console.pairs(result)


@cli.command()
@db_option
@click.argument("doc_a")
@click.argument("doc_b")
@click.option("--format", "fmt", type=click.Choice(["rich", *FORMATS]), default="rich",
              show_default=True, help="md: Markdown with deletions struck and insertions bold.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.pass_context
def diff(ctx, doc_a, doc_b, fmt, as_json):
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
    from index.store.connection import StoreError
    from tui import reuse_console

    corpus = _corpus(ctx)
    try:
        result = corpus.diff(doc_a, doc_b)
    except KeyError as exc:
        output.fail(exc.args[0])
    except StoreError as exc:
        output.fail(str(exc))
    fmt = "json" if as_json else fmt
    if fmt != "rich":
        sys.stdout.write(corpus.export(result, fmt))
    else:
        reuse_console.diff(result)

if __name__ == "__main__":
    cli()
