"""REFI-QDA projects (.qdpx): the researcher's work for MAXQDA, NVivo, ATLAS.ti and others.

A .qdpx is a zip of ``project.qde`` (QDA-XML project 1.0, namespace urn:QDA-XML:project:1.0,
the schema in index/data/refi/Project-mrt2019.xsd) and ``sources/``, one plain-text file
per document. What goes where:

    duizhao                      QDA-XML
    the user                     <Users><User>
    the codebook (tree)          <CodeBook><Codes><Code guid name isCodable color>
    document metadata            <Variables> zone, year, level, doc_id, and a VariableValue
                                 of each on its source
    each document                <TextSource plainTextPath="internal://GUID.txt">; the text
                                 is its paragraphs joined by one newline ("\\n")
    a coded segment              <PlainTextSelection startPosition endPosition> with
                                 <Coding><CodeRef>; positions are characters (Unicode code
                                 points) into that text: the paragraph's offset + start
    a memo                       <Notes><Note> (its text as PlainTextContent) and a
                                 <NoteRef> on what it is about: a passage (a selection of the
                                 paragraph), a document (its source), a code (the code);
                                 zone and theme memos on the project
    a document set               <Sets><Set><MemberSource>

GUIDs are stable: a document's is derived from its doc_id (uuid5), so exporting twice gives
the same sources; codes, segments and memos carry their own. A segment orphaned by a changed
file has no place in the text and is left out, counted in the export's notes.

Reading back (read_project) returns the codebook and every coding as (source, code, start,
end), and each source's text, for index/report/api.py to code the same spans in the corpus.
The XML is parsed only after refusing a DTD (no entity is ever expanded) and a project over
MAX_READ_BYTES.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from index.workflow.model import WorkflowError

NS = "urn:QDA-XML:project:1.0"
Q = f"{{{NS}}}"
SCHEMA = Path(__file__).resolve().parents[1] / "data" / "refi" / "Project-mrt2019.xsd"
_ROOT = uuid.UUID("5b1c2a0e-6d1f-4c8e-9a57-0d2f3e4a5b6c")  # duizhao's uuid5 namespace
_GUID = re.compile(r"^\{?[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\}?$")
_RGB = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
MAX_READ_BYTES = 200 * 2**20
JOIN = "\n"  # between paragraphs in a source's text


class QdpxError(WorkflowError):
    """A file that is not a REFI-QDA project duizhao can read; the message says why."""


def stable_guid(*parts: str) -> str:
    return str(uuid.uuid5(_ROOT, "\x1f".join(parts)))


def doc_guid(doc_id: str) -> str:
    return stable_guid("doc", doc_id)


def _guid(value: str, *fallback: str) -> str:
    return value if value and _GUID.match(value) else stable_guid(*fallback)


def _when(value: str) -> str | None:
    """An xsd:dateTime, or None."""
    try:
        return dt.datetime.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


@dataclass
class Source:
    doc_id: str
    name: str
    paragraphs: list[tuple[int, str]]  # (seq, text) in reading order
    variables: dict[str, object] = field(default_factory=dict)  # zone, year, level, doc_id
    description: str = ""

    @property
    def text(self) -> str:
        return JOIN.join(t for _, t in self.paragraphs)

    def offsets(self) -> dict[int, int]:
        """{paragraph seq: its first character's offset in text}."""
        out, at = {}, 0
        for seq, t in self.paragraphs:
            out[seq] = at
            at += len(t) + len(JOIN)
        return out


@dataclass
class ExportReport:
    path: str
    sources: int = 0
    codes: int = 0
    codings: int = 0
    notes_written: int = 0
    sets: int = 0
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"file": self.path, "sources": self.sources, "codes": self.codes,
                "codings": self.codings, "memos": self.notes_written, "sets": self.sets,
                "notes": self.notes}


def _sub(parent, tag: str, **attrs) -> ET.Element:
    return ET.SubElement(parent, Q + tag, {k: str(v) for k, v in attrs.items()
                                           if v is not None and v != ""})


def _code_elements(parent, codes, code_guid: dict, memo_refs: dict) -> None:
    """The code tree under parent (codes in depth-first order, each with parent_id)."""
    kids: dict = {}
    for c in codes:
        kids.setdefault(c.parent_id, []).append(c)

    def add(el, parent_id):
        for c in kids.get(parent_id, []):
            colour = c.colour if _RGB.match(c.colour or "") else None
            ce = _sub(el, "Code", guid=code_guid[c.name], name=c.name, isCodable="true",
                      color=colour)
            if c.description:
                _sub(ce, "Description").text = c.description
            for ref in memo_refs.get(("code", c.name), []):
                _sub(ce, "NoteRef", targetGUID=ref)
            add(ce, c.id)
    add(parent, None)


def build_project(name: str, sources: list[Source], codes, segments, memos, sets,
                  report: ExportReport) -> tuple[bytes, dict[str, str]]:
    """(project.qde's bytes, {internal file name: its text}) for these: codes
    (workflow Code, depth first), segments (Segment), memos (Memo), sets (DocSet)."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    user = stable_guid("user", "duizhao")
    root = ET.Element(Q + "Project", {"name": name, "origin": "duizhao",
                                      "creatingUserGUID": user, "creationDateTime": now})
    _sub(_sub(root, "Users"), "User", guid=user, name="duizhao")
    code_guid = {c.name: _guid(c.guid, "code", c.name) for c in codes}
    memo_guid = {m.id: _guid(m.guid, "memo", str(m.id), m.created) for m in memos}
    memo_refs: dict[tuple, list[str]] = {}
    for m in memos:
        if m.kind == "passage" and "#" in m.target:
            doc_id, _, para = m.target.rpartition("#")
            memo_refs.setdefault(("passage", doc_id, para), []).append(memo_guid[m.id])
        else:
            memo_refs.setdefault((m.kind, m.target), []).append(memo_guid[m.id])
    if codes:
        _code_elements(_sub(_sub(root, "CodeBook"), "Codes"), codes, code_guid, memo_refs)
    var_guid = {v: stable_guid("variable", v) for v in ("zone", "year", "level", "doc_id")}
    variables = _sub(root, "Variables")
    for v, g in var_guid.items():
        _sub(variables, "Variable", guid=g, name=v,
             typeOfVariable="Integer" if v == "year" else "Text")
    by_doc: dict[str, list] = {}
    for s in segments:
        if s.status == "orphaned":
            continue
        by_doc.setdefault(s.doc_id, []).append(s)
    orphans = sum(1 for s in segments if s.status == "orphaned")
    if orphans:
        report.notes.append(f"{orphans} orphaned segment(s) left out: their text is no longer "
                            "in the documents (`coded --orphans` lists them)")
    files: dict[str, str] = {}
    src_el = _sub(root, "Sources")
    placed_codes = set(code_guid)
    for src in sources:
        g = doc_guid(src.doc_id)
        files[f"{g}.txt"] = src.text
        el = _sub(src_el, "TextSource", guid=g, name=src.name or src.doc_id,
                  plainTextPath=f"internal://{g}.txt", creatingUser=user,
                  creationDateTime=now)
        if src.description:
            _sub(el, "Description").text = src.description
        offsets = src.offsets()
        lengths = dict(src.paragraphs)
        for s in by_doc.get(src.doc_id, []):
            if s.para not in offsets or s.code not in placed_codes \
                    or not 0 <= s.start < s.end <= len(lengths[s.para]):
                report.notes.append(f"segment {s.id} ({s.code}, {s.doc_id} ¶{s.para}) left "
                                    "out: its span is not in the document's text")
                continue
            at = offsets[s.para]
            sel_guid = _guid(s.guid, "segment", str(s.id))
            sel = _sub(el, "PlainTextSelection", guid=sel_guid, name=s.text[:40],
                       startPosition=at + s.start, endPosition=at + s.end, creatingUser=user,
                       creationDateTime=_when(s.created))
            coding = _sub(sel, "Coding", guid=stable_guid("coding", sel_guid),
                          creatingUser=user, creationDateTime=_when(s.created))
            _sub(coding, "CodeRef", targetGUID=code_guid[s.code])
            report.codings += 1
        for (_, doc_id, para), refs in ((k, v) for k, v in memo_refs.items()
                                        if k[0] == "passage" and k[1] == src.doc_id):
            seq = int(para) if para.isdigit() else None
            if seq in offsets:
                sel = _sub(el, "PlainTextSelection", guid=stable_guid("memo-at", doc_id, para),
                           name=f"¶{seq}", startPosition=offsets[seq],
                           endPosition=offsets[seq] + len(lengths[seq]))
                for ref in refs:
                    _sub(sel, "NoteRef", targetGUID=ref)
        for ref in memo_refs.get(("document", src.doc_id), []):
            _sub(el, "NoteRef", targetGUID=ref)
        for v, g2 in var_guid.items():
            value = src.variables.get(v)
            if value in (None, ""):
                continue
            vv = _sub(el, "VariableValue")
            _sub(vv, "VariableRef", targetGUID=g2)
            _sub(vv, "IntegerValue" if v == "year" else "TextValue").text = str(value)
        report.sources += 1
    if memos:
        notes = _sub(root, "Notes")
        for m in memos:
            n = _sub(notes, "Note", guid=memo_guid[m.id], name=f"{m.kind}: {m.target}",
                     creatingUser=user, creationDateTime=_when(m.created),
                     modifiedDateTime=_when(m.updated))
            _sub(n, "PlainTextContent").text = m.text
            report.notes_written += 1
    known = {s.doc_id for s in sources}
    if sets:
        sets_el = _sub(root, "Sets")
        for d in sets:
            se = _sub(sets_el, "Set", guid=stable_guid("set", d.name), name=d.name)
            _sub(se, "Description").text = d.describe()
            for doc_id in d.docs:
                if doc_id in known:
                    _sub(se, "MemberSource", targetGUID=doc_guid(doc_id))
            report.sets += 1
    for m in memos:
        if m.kind in ("zone", "theme"):
            _sub(root, "NoteRef", targetGUID=memo_guid[m.id])
    report.codes = len(codes)
    ET.register_namespace("", NS)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data, files


def write_qdpx(path: str | Path, project: bytes, files: dict[str, str]) -> None:
    """The zip: project.qde, then sources/NAME for each internal file (UTF-8)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", project)
        for name, text in files.items():
            z.writestr(f"sources/{name}", text.encode("utf-8"))


# -- reading ---------------------------------------------------------------------------------

@dataclass
class ReadCode:
    guid: str
    name: str
    colour: str = ""
    description: str = ""
    children: list["ReadCode"] = field(default_factory=list)


@dataclass
class ReadCoding:
    source: str  # the source's guid
    code: str  # the code's guid
    start: int
    end: int


@dataclass
class ReadProject:
    codes: list[ReadCode]
    sources: dict[str, tuple[str, str]]  # guid -> (name, text or "" if not found)
    codings: list[ReadCoding]
    variables: dict[str, dict[str, str]]  # source guid -> {variable name: value}


def _xml(data: bytes, what: str) -> ET.Element:
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise QdpxError(f"{what}: a document type declaration or entities are not accepted "
                        "(REFI-QDA files have none)")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise QdpxError(f"{what} is not well-formed XML: {exc}") from None


def read_project(path: str | Path) -> ReadProject:
    """The codebook, sources and codings of a .qdpx (or of a bare project .qde)."""
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                names = {i.filename: i for i in z.infolist()}
                qde = next((n for n in names if n.lower().endswith(".qde")), None)
                if qde is None:
                    raise QdpxError(f"{path} has no project.qde: not a REFI-QDA project")
                if sum(i.file_size for i in names.values()) > MAX_READ_BYTES:
                    raise QdpxError(f"{path} unpacks to over {MAX_READ_BYTES // 2**20} MB; "
                                    "not read")
                root = _xml(z.read(qde), f"{path}:{qde}")
                internal = {n.split("/", 1)[-1]: n for n in names if n.startswith("sources/")}
                read = lambda n: z.read(internal[n]).decode("utf-8-sig")  # noqa: E731
                return _project(root, path, internal, read)
        if path.stat().st_size > MAX_READ_BYTES:
            raise QdpxError(f"{path} is over {MAX_READ_BYTES // 2**20} MB; not read")
        return _project(_xml(path.read_bytes(), str(path)), path, {}, None)
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        raise QdpxError(f"cannot read {path}: {exc}") from None


def _project(root, path, internal: dict, read) -> ReadProject:
    if root.tag != Q + "Project":
        raise QdpxError(f"{path} is not a QDA-XML project (root {root.tag}, expected "
                        f"{{{NS}}}Project)")

    def codes_of(el) -> list[ReadCode]:
        out = []
        for c in el.findall(Q + "Code"):
            d = c.find(Q + "Description")
            out.append(ReadCode(c.get("guid", ""), (c.get("name") or "").strip(),
                                c.get("color", ""), (d.text or "").strip() if d is not None
                                else "", codes_of(c)))
        return [c for c in out if c.name]

    book = root.find(f"{Q}CodeBook/{Q}Codes")
    codes = codes_of(book) if book is not None else []
    var_names = {v.get("guid"): v.get("name", "") for v in root.iter(Q + "Variable")}
    sources, codings, variables = {}, [], {}
    for src in root.iter(Q + "TextSource"):
        g = src.get("guid", "")
        content = src.find(Q + "PlainTextContent")
        text = content.text or "" if content is not None else ""
        ref = src.get("plainTextPath", "")
        if not text and ref.startswith("internal://") and read is not None:
            name = ref[len("internal://"):]
            text = read(name) if name in internal else ""
        sources[g] = (src.get("name", ""), text)
        values = {}
        for vv in src.findall(Q + "VariableValue"):
            r = vv.find(Q + "VariableRef")
            val = next((c.text for c in vv if c.tag != Q + "VariableRef"), None)
            if r is not None and val is not None:
                values[var_names.get(r.get("targetGUID"), "")] = val
        variables[g] = values
        for sel in src.findall(Q + "PlainTextSelection"):
            for coding in sel.findall(Q + "Coding"):
                cref = coding.find(Q + "CodeRef")
                if cref is not None:
                    codings.append(ReadCoding(g, cref.get("targetGUID", ""),
                                              int(sel.get("startPosition", 0)),
                                              int(sel.get("endPosition", 0))))
    return ReadProject(codes, sources, codings, variables)


def validate(path: str | Path, schema: str | Path = SCHEMA) -> None:
    """Raise if the project.qde in this .qdpx does not validate against the schema
    (xmlschema, a development dependency: for tests and `export-qdpx --check`)."""
    import xmlschema

    with zipfile.ZipFile(path) as z:
        xmlschema.XMLSchema(str(schema)).validate(z.read("project.qde").decode("utf-8"))
