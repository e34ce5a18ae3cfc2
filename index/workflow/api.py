"""The workflow part of the façade (mixed into index.corpus.Corpus): the codebook, coding
passages, coded segments and what they show, memos, document sets, saved searches and the
app's state. Every write opens its own connection (store.writing) and leaves the documents'
generation alone; reads go through the pooled connection and answer "nothing yet" on a
database that has no user tables. Errors a user can cause are WorkflowError (one line)."""

from __future__ import annotations

import threading
from pathlib import Path

from index.compare.api import CompareAPI
from index.store.connection import StoreError, store_errors
from index.workflow import anchor, codes, memos, segments, sets, store
from index.workflow.model import CodingReport, WorkflowError

CODEBOOKS = Path(__file__).resolve().parents[1] / "data" / "codebooks"
_RESOLVING = threading.local()  # the sets being resolved in this thread (set:A inside A)


class WorkflowAPI(CompareAPI):
    """The researcher's own work. Needs the Corpus base: conn(), path, search()."""

    # -- the codebook -----------------------------------------------------------------
    @staticmethod
    def shipped_codebooks() -> dict[str, Path]:
        """{name: file} of the codebooks that come with duizhao (policy-instruments …)."""
        return {p.stem: p for p in sorted(CODEBOOKS.glob("*.toml"))}

    @store_errors
    def codes(self):
        """Every code, depth first, with its number of segments (model.Code)."""
        self.reanchor()
        return codes.tree(self.conn())

    @store_errors
    def code_create(self, name: str, parent: str | None = None, description: str = "",
                    colour: str = "", key: str = "") -> int:
        with store.writing(self.path) as conn:
            return codes.create(conn, name, parent, description, colour, key)

    @store_errors
    def code_update(self, name: str, **fields) -> None:
        """Change new_name, parent ("" = to the top), description, colour or key."""
        with store.writing(self.path) as conn:
            codes.update(conn, name, **fields)

    @store_errors
    def code_delete(self, name: str, force: bool = False) -> int:
        """Remove a code (with its segments only if force); returns segments removed."""
        with store.writing(self.path) as conn:
            return codes.delete(conn, name, force)

    @store_errors
    def codes_import(self, path: str | Path):
        """Merge a codebook file (.toml, or REFI-QDA .qdc; a shipped codebook's name, such
        as policy-instruments, works too) into the codebook: codes.ImportReport."""
        shipped = self.shipped_codebooks()
        file = shipped.get(str(path), Path(path))
        entries = codes.read_file(file)
        report = codes.ImportReport(str(file))
        with store.writing(self.path) as conn:
            codes.merge(conn, entries, report)
        return report

    # -- coding -------------------------------------------------------------------------
    def _found(self, query: str, zones=None) -> list[tuple[str, int]]:
        """(doc_id, para) of every paragraph the query finds (no limit, no time limit)."""
        text = query + (f" zone:{','.join(zones)}" if zones else "")
        result = self.search(text, limit=0, count=False, seconds=0)
        if result.stopped:
            raise WorkflowError(result.notes[-1] if result.notes else "the search stopped")
        if result.unknown_zones and not result.hits:
            raise WorkflowError("; ".join(f"no zone is called {z!r}"
                                          for z in result.unknown_zones))
        return [(h.doc_id, h.para) for h in result.hits]

    @store_errors
    def code_query(self, code: str, query: str, zones=None) -> CodingReport:
        """Code every paragraph the query finds (search's language: filters, set:NAME);
        a code not in the codebook is made at its top first."""
        return self.code_paragraphs(code, self._found(query, zones))

    @store_errors
    def coding_preview(self, code: str, query: str, zones=None) -> list[tuple]:
        """What code_query would do, for a review list before it is applied: (hit, True if
        the paragraph carries the code already) for every paragraph the query finds, in
        search's order. Apply the ones kept with code_paragraphs."""
        result = self.search(query + (f" zone:{','.join(zones)}" if zones else ""),
                             limit=0, count=False, seconds=0)
        if result.stopped:
            raise WorkflowError(result.notes[-1] if result.notes else "the search stopped")
        conn = self.conn()
        code_id = codes.find(conn, code)
        have = set() if code_id is None else {
            (s.doc_id, s.para) for s in segments.listing(conn, [code_id])
            if s.status != "orphaned"}
        return [(h, (h.doc_id, h.para) in have) for h in result.hits]

    @store_errors
    def code_paragraphs(self, code: str, places: list[tuple[str, int]]) -> CodingReport:
        """Code these (doc_id, para) paragraphs (a reviewed list; a new code is made at the
        top of the codebook)."""
        with store.writing(self.path) as conn:
            code_id = codes.find(conn, code)
            created = code_id is None
            if code_id is None:
                code_id = codes.create(conn, code)
            added, already = segments.add(conn, code_id, [(d, p, None, None)
                                                          for d, p in places])
        return CodingReport(codes.check_name(code), created, len(places), added, already)

    @store_errors
    def uncode_query(self, code: str, query: str, zones=None) -> CodingReport:
        """Take the code off every paragraph the query finds."""
        places = self._found(query, zones)
        with store.writing(self.path) as conn:
            removed = segments.remove(conn, codes.known(conn, code), places)
        return CodingReport(code, False, len(places), removed)

    @store_errors
    def code_passage(self, code: str, doc_id: str, para: int, start: int | None = None,
                     end: int | None = None) -> int:
        """Code one paragraph (or start..end of it; a new code is made at the top of the
        codebook); returns 1, or 0 if it was coded there already."""
        with store.writing(self.path) as conn:
            code_id = codes.find(conn, code) or codes.create(conn, code)
            return segments.add(conn, code_id, [(doc_id, para, start, end)])[0]

    @store_errors
    def uncode_passage(self, code: str, doc_id: str, para: int) -> int:
        with store.writing(self.path) as conn:
            return segments.remove(conn, codes.known(conn, code), [(doc_id, para)])

    @store_errors
    def uncode_segments(self, ids: list[int]) -> int:
        """Remove coded segments by id (an orphan the user gives up on)."""
        with store.writing(self.path) as conn:
            return segments.remove_ids(conn, ids)

    @store_errors
    def coded(self, code: str | None = None, orphans: bool = False, set_name: str | None = None,
              children: bool = True):
        """Coded segments (model.Segment) of a code (and its sub-codes, unless children is
        False) or of all; orphans: only those not found again; set_name: only in that set's
        documents. Anchors them again first if the documents changed."""
        self.reanchor()
        conn = self.conn()
        wanted = None
        if code is not None:
            top = codes.known(conn, code)
            tree = codes.tree(conn)
            wanted = [top]
            for c in tree if children else ():
                if c.parent_id in wanted:
                    wanted.append(c.id)
        docs = set(self.doc_set(set_name).docs) if set_name else None
        return segments.listing(conn, wanted, orphans, docs)

    @store_errors
    def segments_on(self, para_ids: list[int]) -> dict:
        """{paragraph id: its segments} (badges for a view's passages)."""
        return segments.on_paragraphs(self.conn(), para_ids)

    @store_errors
    def code_matrix(self, by: str = "zone", set_name: str | None = None):
        """Segments per code × zone, year, zone-year or level, with per-10k rates."""
        self.reanchor()
        conn = self.conn()
        docs = set(self.doc_set(set_name).docs) if set_name else None
        return segments.matrix(conn, codes.tree(conn), by, docs)

    @store_errors
    def code_cooccurrence(self, set_name: str | None = None):
        """Pairs of codes on the same paragraph (model.Cooccurrence)."""
        self.reanchor()
        docs = set(self.doc_set(set_name).docs) if set_name else None
        return segments.cooccurrence(self.conn(), docs)

    def reanchor(self, force: bool = False):
        """Put segments and passage memos back on their text if the documents changed since
        they were last anchored (anchor.py); an anchor.AnchorReport. On a database that
        cannot be written they are listed where they were, unchanged."""
        if not force and not anchor.stale(self.conn()):
            return anchor.AnchorReport()
        try:
            with store.writing(self.path) as conn:
                return anchor.refresh(conn, force)
        except StoreError:
            return anchor.AnchorReport()

    # -- memos -----------------------------------------------------------------------------
    @store_errors
    def memo_add(self, kind: str, target: str, text: str, para: int | None = None) -> int:
        """A memo on a passage (target doc_id, para), document (doc_id), zone, code or
        theme (their names); returns its id."""
        conn = self.conn()
        if kind == "code":
            codes.known(conn, target)
        elif kind == "zone":
            self._check_zone(target)
        elif kind == "theme":
            from index.words.themes import find_theme

            theme = find_theme(self.themes(), target)
            target = theme.name if theme is not None else target.strip()
        with store.writing(self.path) as w:
            return memos.add(w, kind, target, text, para)

    def _check_zone(self, zone: str) -> None:
        from index.text.normal import fold

        f = fold(zone)
        zones = {d.zone for d in self.docs()} | {d.short for d in self.docs()}
        if not f or not any(f == fold(z or "") for z in zones):
            raise WorkflowError(f"no zone is called {zone!r} (see `main.py docs`)")

    @store_errors
    def memo_edit(self, memo_id: int, text: str) -> None:
        with store.writing(self.path) as conn:
            memos.edit(conn, memo_id, text)

    @store_errors
    def memo_delete(self, memo_id: int) -> None:
        with store.writing(self.path) as conn:
            memos.delete(conn, memo_id)

    @store_errors
    def memos(self, kind: str | None = None, target: str | None = None,
              search: str | None = None):
        """Memos (model.Memo), oldest first, optionally of a kind, on a target, containing
        a string."""
        self.reanchor()
        return memos.listing(self.conn(), kind, target, search)

    # -- sets, saved searches, app state -------------------------------------------------------
    def _query_docs(self, query: str) -> set[str]:
        return {d for d, _ in self._found(query)}

    @store_errors
    def set_save(self, name: str, zones=None, years: str | None = None, levels=None,
                 docs=None, query: str | None = None):
        """Save (or replace) a named set of documents; returns it resolved (model.DocSet)."""
        d = sets.definition(zones, years, levels, docs, query)
        sets.check_name(name)
        members, notes = sets.resolve(self.conn(), d, self._query_docs)
        with store.writing(self.path) as conn:
            sets.save(conn, name, d, members)
        result = self.doc_set(name)
        result.notes = notes
        return result

    @store_errors
    def doc_set(self, name: str):
        """The set called name, resolved against the documents indexed now."""
        busy = getattr(_RESOLVING, "names", None)
        if busy is None:
            busy = _RESOLVING.names = set()
        if name in busy:  # a set's query naming the set itself, directly or not
            raise WorkflowError(f"set {name} is defined by a query that uses set:{name}")
        busy.add(name)
        try:
            return sets.get(self.conn(), name, self._query_docs)
        finally:
            busy.discard(name)

    @store_errors
    def sets(self):
        return [self.doc_set(s[0]) for s in sets.stored(self.conn())]

    @store_errors
    def set_delete(self, name: str) -> None:
        with store.writing(self.path) as conn:
            sets.delete(conn, name)

    def set_docs(self, names: list[str]) -> set[str]:
        """The documents in every one of these sets (what set:NAME in a query keeps)."""
        out: set[str] | None = None
        for name in names:
            docs = set(self.doc_set(name).docs)
            out = docs if out is None else out & docs
        return out or set()

    def set_zones(self, name: str) -> list[str]:
        """The zones whose documents make up the set called name, for what counts whole
        zones (keywords); a WorkflowError when the set holds only part of a zone."""
        members = set(self.doc_set(name).docs)
        by_zone: dict[str, list[str]] = {}
        for d in self.docs():
            by_zone.setdefault(d.zone, []).append(d.doc_id)
        zones, partial = [], []
        for zone, ids in sorted(by_zone.items()):
            inside = members.intersection(ids)
            if inside:
                zones.append(zone)
                if len(inside) < len(ids):
                    partial.append(f"{zone} ({len(inside)} of {len(ids)})")
        if partial:
            raise WorkflowError(f"set {name} holds only part of the documents of "
                                f"{'、'.join(partial)}; this counts whole zones: use a set "
                                f"made by --zones")
        return zones

    @store_errors
    def search_save(self, name: str, query: str, view: str = "search",
                    options: dict | None = None) -> None:
        with store.writing(self.path) as conn:
            sets.save_search(conn, name, query, view, options)

    @store_errors
    def saved_searches(self):
        return sets.searches(self.conn())

    @store_errors
    def search_delete(self, name: str) -> None:
        with store.writing(self.path) as conn:
            sets.delete_search(conn, name)

    @store_errors
    def app_state(self) -> dict:
        """What the app stored about where it was left ({} the first time)."""
        return sets.state(self.conn())

    @store_errors
    def save_app_state(self, values: dict) -> None:
        """Store these keys (JSON data; None removes a key)."""
        with store.writing(self.path) as conn:
            sets.put_state(conn, values)

    def workflow_revision(self) -> int:
        """Counts up with every write of user work (a view refreshes when it changes)."""
        return store.revision(self.conn())
