"""The hand-over part of the façade (mixed into index.corpus.Corpus): the HTML report of a
theme, the dispersion of a query's hits along the documents, and the REFI-QDA project."""

from __future__ import annotations


class ReportAPI:
    """Results for people without a terminal. Needs the Corpus base: compare(), kwic(),
    docs(), and the workflow part (codes, memos) when codes or memos are asked."""

    def report_html(self, theme, zones=None, codes: bool = False, memos: bool = False,
                    limit: int = 0, distinctive: bool = True) -> str:
        """The theme's comparison as one self-contained HTML page (index.report.html.page);
        codes: the coded segments of the theme's documents and the code × zone heat map;
        memos: every memo."""
        from index.report.html import page

        comp = self.compare(theme, zones, distinctive=distinctive)
        coded = matrix = notes = None
        if codes:
            coded, matrix = self.report_codes(comp)
        if memos:
            notes = self.report_memos()
        return page(comp, coded=coded, matrix=matrix, memos=notes, limit=limit)

    def report_page(self, comp, limit: int = 0) -> str:
        """An already computed comparison as the HTML page (the app's export), with the
        coded segments, the heat map and the memos whenever there are any."""
        from index.report.html import page

        coded, matrix = self.report_codes(comp)
        memos = self.report_memos()
        return page(comp, coded=coded if coded else None,
                    matrix=matrix if matrix.get("rows") else None,
                    memos=memos if memos else None, limit=limit)

    def report_codes(self, comp) -> tuple[list[dict], dict]:
        """(coded segments in the comparison's documents, the code × zone matrix), in their
        JSON shapes; ([], {"by": "zone", "rows": []}) while nothing is coded."""
        wanted = {d for z in comp.zones for d in z.doc_ids}
        coded = [s for s in _json_list(self.coded()) if s.get("doc_id") in wanted]
        matrix = self.code_matrix(by="zone").as_json()
        matrix["rows"] = [r for r in matrix["rows"] if any(r.get("counts", {}).values())]
        used = {g for r in matrix["rows"] for g, n in r["counts"].items() if n}
        for r in matrix["rows"]:  # the zones with a coded segment, in the matrix's order
            r["counts"] = {g: r["counts"].get(g, 0) for g in matrix.get("groups", [])
                           if g in used}
        return coded, matrix

    def report_memos(self) -> list[dict]:
        return _json_list(self.memos())

    def plot(self, query: str, pinyin: bool = False):
        """Where every hit of a query falls in each document (index.report.dispersion):
        the occurrences kwic lists, placed along their documents."""
        from index.report.dispersion import from_concordance

        conc = self.kwic(query, limit=0, pinyin=pinyin)
        return from_concordance(conc, self.docs(), query)

    # -- REFI-QDA ------------------------------------------------------------------------
    def qdpx_sources(self, doc_ids=None) -> list:
        """Every document (or these) as a qdpx.Source: its paragraphs and variables."""
        from index.meta.cite import format_citation, info_of
        from index.report.qdpx import Source

        out = []
        for info in self.docs():
            if doc_ids is not None and info.doc_id not in doc_ids:
                continue
            doc = self.document(info.doc_id)
            if doc is None:
                continue
            out.append(Source(info.doc_id, info.title or info.doc_id,
                              [(p.seq, p.text) for p in doc.paras],
                              {"zone": info.zone, "year": info.year, "level": info.level,
                               "doc_id": info.doc_id},
                              format_citation(info_of(info))))
        return out

    def export_qdpx(self, path, name: str = "duizhao project"):
        """Write the corpus's documents, codebook, coded segments, memos and sets as a
        REFI-QDA project (index.report.qdpx); a qdpx.ExportReport."""
        from index.report.qdpx import ExportReport, build_project, write_qdpx

        report = ExportReport(str(path))
        project, files = build_project(name, self.qdpx_sources(), self.codes(), self.coded(),
                                       self.memos(), self.sets(), report)
        write_qdpx(path, project, files)
        return report

    def import_qdpx(self, path) -> QdpxImport:
        """Read a .qdpx's codebook and codings into this corpus: codes merged by name (as
        a codebook import), each coding coded on the same characters of the same document
        (found by its GUID, its doc_id variable, its text, or its name). A source that is
        not in this corpus, or whose text differs where a span falls, is noted, never
        guessed."""
        from index.report.qdpx import JOIN, doc_guid, read_project
        from index.workflow import codes, segments, store

        rp = read_project(path)
        result = QdpxImport(str(path))
        entries = _entries(rp.codes)
        names = _code_names(rp.codes, {})
        result.codings = len(rp.codings)
        infos = {d.doc_id: d for d in self.docs()}
        by_guid = {doc_guid(d): d for d in infos}
        by_title = {}
        for d in infos.values():
            by_title.setdefault(d.title, []).append(d.doc_id)
        wanted = {c.source for c in rp.codings}
        docs: dict[str, str] = {}  # source guid -> doc_id
        for g in wanted:
            name, _text = rp.sources.get(g, ("", ""))
            var = rp.variables.get(g, {}).get("doc_id")
            doc_id = by_guid.get(g) or (var if var in infos else None) or (
                by_title[name][0] if len(by_title.get(name, [])) == 1 else None)
            if doc_id is None:
                n = sum(1 for c in rp.codings if c.source == g)
                result.notes.append(f"source {name or g!r} is not in this corpus: {n} "
                                    "coding(s) left out")
            else:
                docs[g] = doc_id
        places: dict[str, list] = {}
        texts: dict[str, tuple[list, str]] = {}
        for c in rp.codings:
            doc_id = docs.get(c.source)
            code = names.get(c.code)
            if doc_id is None:
                continue
            if code is None:
                result.notes.append(f"a coding refers to no code of the codebook ({c.code})")
                continue
            if doc_id not in texts:
                paras = [(p.seq, p.text) for p in self.document(doc_id).paras]
                texts[doc_id] = (paras, JOIN.join(t for _, t in paras))
            paras, ours = texts[doc_id]
            theirs = rp.sources[c.source][1]
            if theirs and theirs[c.start:c.end] != ours[c.start:c.end]:
                result.notes.append(f"{doc_id} {c.start}-{c.end}: the project's text differs "
                                    f"from this corpus's there; coding left out")
                continue
            places.setdefault(code, []).extend(
                (doc_id, seq, s, e) for seq, s, e in _paragraph_spans(paras, c.start, c.end,
                                                                       len(JOIN)))
        report = codes.ImportReport(str(path))
        with store.writing(self.path) as conn:
            if entries:
                codes.merge(conn, entries, report)
            for code, items in places.items():
                code_id = codes.find(conn, code)
                written, already = segments.add(conn, code_id, items)
                result.segments += written
                result.already += already
        result.added, result.updated = report.added, report.updated
        result.notes = report.notes + result.notes
        result.notes.append(f"{result.codings} coding(s) read: {result.segments} segment(s) "
                            f"written, {result.already} already there")
        return result


def _json_list(items) -> list[dict]:
    return [i.as_json() if hasattr(i, "as_json") else dict(i) for i in items or []]


class QdpxImport:
    """What importing a .qdpx did: codes added and updated (as a codebook import), codings
    read, segments written, and notes on what could not be placed."""

    def __init__(self, path: str):
        self.path = path
        self.added: list[str] = []
        self.updated: list[str] = []
        self.codings = 0
        self.segments = 0
        self.already = 0
        self.notes: list[str] = []

    def as_json(self) -> dict:
        return {"file": self.path, "added": self.added, "updated": self.updated,
                "codings": self.codings, "segments": self.segments, "already": self.already,
                "notes": self.notes}


def _entries(read_codes):
    from index.workflow.codes import Entry

    return [Entry(c.name, c.description, c.colour, "", c.guid, _entries(c.children))
            for c in read_codes]


def _code_names(read_codes, out: dict) -> dict:
    for c in read_codes:
        out[c.guid] = c.name
        _code_names(c.children, out)
    return out


def _paragraph_spans(paras: list[tuple[int, str]], start: int, end: int, join: int):
    """[(seq, start, end)] of the paragraphs a span of the joined text covers."""
    out, at = [], 0
    for seq, text in paras:
        lo, hi = max(start, at), min(end, at + len(text))
        if lo < hi:
            out.append((seq, lo - at, hi - at))
        at += len(text) + join
        if at >= end:
            break
    return out
