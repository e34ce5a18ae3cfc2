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

    def report_codes(self, comp) -> tuple[list[dict], dict]:
        """(coded segments in the comparison's documents, the code × zone matrix), in their
        JSON shapes; ([], {"by": "zone", "rows": []}) while nothing is coded."""
        wanted = {d for z in comp.zones for d in z.doc_ids}
        coded = [s for s in _json_list(self.coded()) if s.get("doc_id") in wanted]
        matrix = self.codes_matrix(by="zone")
        return coded, matrix.as_json() if hasattr(matrix, "as_json") else matrix

    def report_memos(self) -> list[dict]:
        return _json_list(self.memos())

    def plot(self, query: str, pinyin: bool = False):
        """Where every hit of a query falls in each document (index.report.dispersion):
        the occurrences kwic lists, placed along their documents."""
        from index.report.dispersion import from_concordance

        conc = self.kwic(query, limit=0, pinyin=pinyin)
        return from_concordance(conc, self.docs(), query)


def _json_list(items) -> list[dict]:
    return [i.as_json() if hasattr(i, "as_json") else dict(i) for i in items or []]
