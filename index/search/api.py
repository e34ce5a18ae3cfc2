"""The search part of the façade (mixed into index.corpus.Corpus): ranked hits, the
concordance, and what makes the first keystroke quick (warm-up, the pinyin table)."""

from __future__ import annotations

import sqlite3

from index.search.budget import SEARCH_SECONDS
from index.store.api import LibraryAPI
from index.store.connection import connect, store_errors


class SearchAPI(LibraryAPI):
    """Ranked hits and concordance lines."""

    def refresh_frequent(self) -> int:
        """Recompute the first pages of the one-term queries that would be slow (those
        matching 10,000+ paragraphs, and lexicon words whose phrase walks such a bigram;
        index.search.frequent), after indexing. Returns the number of queries kept."""
        from index.search.engine import search
        from index.search.frequent import refresh

        conn = connect(self.path, write=True)
        try:
            return refresh(conn, search)
        except sqlite3.DatabaseError:  # locked by another writer: searches rank as before
            return 0
        finally:
            conn.close()

    @store_errors
    def search(self, query: str, limit: int = 50, count: bool = True, pinyin: bool = False,
               seconds: float | None = None, cancelled=None):
        """Ranked hits; with pinyin=True a query typed in pinyin expands to corpus terms.

        Bounded (docs/search.md, Query bounds): a query over the length or term limits is
        not searched, and the search stops after `seconds` (default
        index.search.budget.SEARCH_SECONDS; 0 = no limit) or as soon as `cancelled()` is
        true; then the result is empty, its `stopped` says why and its notes say it."""
        from index.search.budget import Budget
        from index.search.engine import search

        conn = self.conn()
        note = ""
        parsed = query
        if pinyin:
            from index.search.pinyin import rewrite_query

            parsed, note = rewrite_query(conn, query)
        parsed = self.with_sets(parsed)
        budget = Budget(SEARCH_SECONDS if seconds is None else seconds, cancelled)
        result = search(conn, parsed, limit=limit, count=count, budget=budget)
        verified(conn, self.path, [(h.para_id, h.text) for h in result.hits])
        if note:
            result.notes.insert(0, note)
        return result

    def time_budget(self, seconds: float | None, what: str, steps: int | None = None):
        """A context in which this thread's work on the corpus stops after `seconds` (None
        or 0: no limit) or `steps` operations, raising index.search.budget.Stopped whose
        message names `what` (the CLI's compare, collocates and kwic; docs/reliability.md):
        statements through SQLite's progress handler, Python code (in the main thread)
        through an alarm."""
        from index.search.budget import Budget

        return Budget(seconds, steps=steps, what=what).enforced(self.conn())

    @store_errors
    def kwic(self, query: str, sort: str = "rank", limit: int = 0, width: int = 40,
             pinyin: bool = False, max_paragraphs: int = 0, separate_process: bool = False):
        """Concordance: one line per occurrence in the paragraphs search finds, sorted
        (index/search/kwic.py: rank, L1-L3, R1-R3, zone, date); limit 0 for all; width in
        terminal cells of context per side; max_paragraphs: only search's best that many.

        separate_process: in the helper process (sorting by words loads jieba, a second
        holding the interpreter lock), as in compare()."""
        from index.search.kwic import concordance

        if separate_process:
            done = self.in_helper("kwic", query, sort=sort, limit=limit, width=width,
                                  pinyin=pinyin, max_paragraphs=max_paragraphs)
            if done is not None:
                return done
        conn = self.conn()
        note = ""
        parsed = query
        if pinyin:
            from index.search.pinyin import rewrite_query

            parsed, note = rewrite_query(conn, query)
        parsed = self.with_sets(parsed)
        result = concordance(conn, parsed, sort=sort, limit=limit, width=width,
                             max_paragraphs=max_paragraphs)
        verified(conn, self.path, [(line.para_id, line.text) for line in result.lines])
        if note:
            result.notes.insert(0, note)
        return result

    def with_sets(self, query):
        """The query (text or parsed) with its set:NAME filters resolved to their documents
        (Corpus.set_docs, index/workflow/); a set that does not exist lets nothing through
        and says so in the query's notes."""
        from index.search.query import parse

        q = parse(query) if isinstance(query, str) else query
        if q.sets and q.set_docs is None and hasattr(self, "set_docs"):
            try:
                q.set_docs = frozenset(self.set_docs(q.sets))
            except ValueError as exc:  # no such set: the search finds nothing, and says why
                q.set_docs = frozenset()
                q.notes.append(str(exc))
        return q

    @store_errors
    def warm_up(self) -> None:
        """Load what the first search needs (modules, this thread's connection, the index's
        first pages), so that the first keystroke is as quick as the next ones. Not the
        pinyin table: building it takes a second of pure Python (the interpreter lock);
        see prepare_pinyin."""
        self.search("发展", limit=1, count=True, pinyin=True)

    @store_errors
    def prepare_pinyin(self) -> bool:
        """Build the pinyin table in the helper process and keep it here, so that the first
        query typed in pinyin neither waits for it nor holds this process's interpreter lock
        for a second. False when the helper cannot (then the first pinyin query builds it)."""
        from index.search.pinyin import cached, install

        conn = self.conn()
        if cached(conn):
            return True
        done = self.in_helper("pinyin_table")
        if done is None:
            return False
        install(conn, *done)
        return True

    def pinyin_table(self):
        """The pinyin table of this corpus, built (what prepare_pinyin asks the helper)."""
        from index.search.pinyin import built

        return built(self.conn())


def verified(conn, path, rows) -> None:
    """What is shown is what was written: paragraphs (id, text) whose text does not match
    its checksum (a damaged page) raise DamagedError naming the database
    (index/store/verify.py), rather than being served as results."""
    from index.store.connection import DamagedError, damaged_message
    from index.store.verify import mismatched

    bad = mismatched(conn, rows)
    if bad:
        raise DamagedError(damaged_message(path, (
            f"the text of paragraph {', '.join(map(str, bad[:3]))} does not match its "
            f"checksum") + (f" and {len(bad) - 3} more" if len(bad) > 3 else "")))
