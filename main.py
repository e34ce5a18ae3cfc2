"""duizhao (对照): compare how Chinese policy documents phrase the same themes.

A thin command line over index/ (the corpus engine) and tui/ (the app).
"""

from __future__ import annotations

import json
import sys

import click

from tui import console as output


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(dir_okay=False),
              help="Database file. Default: the per-user database ($DUIZHAO_DB or the "
                   "platform data dir), built from the bundled samples on first use.")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """对照 duizhao — compare how zones and governments phrase the same policy themes.

    Without a command, shows a first search on the bundled sample corpus.
    """
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
        click.echo("\nA first search (main.py search 产城融合 --limit 5):\n")
        ctx.invoke(search, query=("产城融合",), limit=5)


def _db(ctx: click.Context, *, building: bool = False):
    from index.corpus import resolve_db
    from index.store import StoreError

    try:
        return resolve_db(ctx.obj["db"], progress=None if building else output.quiet_progress())
    except StoreError as exc:
        output.fail(str(exc))


@cli.command()
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
    from index.ingest import index_paths
    from index.store import StoreError

    columns = {k: v for k, v in (("text", text_column), ("title", title_column),
                                 ("zone", zone_column), ("date", date_column),
                                 ("source", source_column)) if v}
    db = _db(ctx, building=True)
    try:
        with output.index_progress() as progress:
            report = index_paths(db, paths, prune=prune, columns=columns or None,
                                 progress=progress, max_bytes=max_mb * 2**20)
    except StoreError as exc:
        output.fail(str(exc))
    output.index_report(report, db)
    sys.exit(1 if report.failed else 0)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, help="Number of hits; 0 for all.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of hits, best first.")
@click.pass_context
def search(ctx, query, limit, as_json=False):
    """Ranked paragraphs containing QUERY.

    \b
    Terms must all match, as substrings (一-, two-character and cross-word strings too):
      产城融合 招商      both      "招大引强"    exact phrase
      营商环境 OR 放管服  either    -疫情         exclude
      zone:海门 year:2020 year:2018-2020 doc:ID   filters
    Letter case, full/half width and whitespace are ignored when matching.
    """
    from index.search import search as run_search
    from index.store import StoreError, connect

    db = _db(ctx)
    try:
        conn = connect(db)
        result = run_search(conn, " ".join(query), limit=limit, count=not as_json)
    except StoreError as exc:
        output.fail(str(exc))
    if as_json:
        json.dump([h.as_json() for h in result.hits], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
    else:
        output.search_table(result)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of documents.")
@click.pass_context
def docs(ctx, as_json):
    """List the indexed documents."""
    from index.library import list_docs
    from index.store import StoreError, connect

    db = _db(ctx)
    try:
        rows = list_docs(connect(db))
    except StoreError as exc:
        output.fail(str(exc))
    if as_json:
        json.dump([d.as_json() for d in rows], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        output.docs_table(rows, db)


if __name__ == "__main__":
    cli()
