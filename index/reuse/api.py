"""The text-reuse part of the façade (mixed into index.corpus.Corpus): updating and
reading the stored reuse pairs and families, and collating two documents."""

from __future__ import annotations

import sqlite3

from index.store.api import LibraryAPI
from index.store.connection import connect


class ReuseAPI(LibraryAPI):
    """Who repeats whom, and what changed between two documents."""

    def reuse_update(self, progress=None, separate_process: bool = False,
                     max_paragraphs: int | None = None, jobs: int = 1):
        """Bring the stored reuse results up to date with the indexed documents: only
        documents not done yet are processed (index/reuse/engine.py). Needs write access.

        separate_process: in the helper process (the app: alignment is pure Python).
        max_paragraphs: do nothing (None) when more paragraphs than this wait, so that an
        app never starts a long job by itself (`main.py reuse` does it).
        jobs: processes aligning candidates (engine.update)."""
        from index.reuse.engine import pending, update
        from index.store.connection import StoreError, explain

        if max_paragraphs is not None and pending(self.conn()) > max_paragraphs:
            return None
        if separate_process:
            return self.in_helper("reuse_update")
        conn = connect(self.path, write=True)
        try:
            return update(conn, progress=progress, jobs=jobs)
        except sqlite3.DatabaseError as exc:
            raise StoreError(explain(exc, self.path)) from None
        finally:
            conn.close()

    @staticmethod
    def reuse_filters(**kwargs):
        """Which pairs reuse() and reuse_families() report (index.reuse.query.Filters:
        zones, docs, since, same_zone, boilerplate, min_similarity, min_shared …)."""
        from index.reuse.query import Filters

        return Filters(**kwargs)

    def reuse(self, filters=None, limit: int = 0):
        """Stored reuse pairs (index.reuse.query.Filters), source the earlier, most shared
        characters first, the first `limit` (0: all); computes nothing (see reuse_update)."""
        from index.reuse import query

        return query.reuse(self.conn(), filters or query.Filters(), limit)

    def reuse_families(self, filters=None, limit: int = 0):
        from index.reuse import query

        return query.families(self.conn(), filters or query.Filters(), limit)

    def reuse_of(self, para_ids) -> dict:
        """{paragraph id: its reuse pairs, best first} (badges)."""
        from index.reuse import query

        return query.for_paragraphs(self.conn(), para_ids)

    def reuse_family(self, para_id: int):
        """The family of reused passages one paragraph belongs to, or None."""
        from index.reuse import query

        return query.family_of(self.conn(), para_id)

    def find_doc(self, name: str) -> str:
        """The doc_id that is `name`, or the only one containing it; KeyError saying why."""
        ids = [d.doc_id for d in self.docs()]
        if name in ids:
            return name
        hits = [d for d in ids if name in d]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise KeyError(f"no document {name!r} (see `main.py docs`)")
        raise KeyError(f"{name!r} names {len(hits)} documents: {', '.join(hits[:5])}"
                       + (" …" if len(hits) > 5 else ""))

    def collate(self, doc_a, doc_b, separate_process: bool = False):
        """Two loaded documents (store.library.Document) collated (index/reuse/diff.py);
        separate_process as in compare()."""
        if separate_process:
            done = self.run_job(collate_job, doc_a, doc_b)
            if done is not None:
                return done
        return collate_job(doc_a, doc_b)

    def diff(self, a: str, b: str):
        """Two documents collated paragraph by paragraph (index/reuse/diff.py)."""
        from index.reuse.diff import diff

        da, db = self.document(self.find_doc(a)), self.document(self.find_doc(b))
        return diff(da.info.doc_id, [(p.seq, p.text) for p in da.paras],
                    db.info.doc_id, [(p.seq, p.text) for p in db.paras])


def collate_job(doc_a, doc_b):
    """Two loaded documents collated (a top-level function: it runs in the helper process
    by name)."""
    from index.reuse.diff import diff

    return diff(doc_a.info.doc_id, [(p.seq, p.text) for p in doc_a.paras],
                doc_b.info.doc_id, [(p.seq, p.text) for p in doc_b.paras])
