"""Policy themes: named sets of expressions that mark a paragraph as being about a theme.

The shipped lexicon is index/data/themes.toml; users add or replace themes with files
in the same format (docs/themes.md). A theme matches a paragraph when its regex()
finds any of its terms, family members or gap patterns in the text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from index.locations import data_path, user_themes_path
from index.text.normal import fold, unfold_spans
from index.words.rules import GAP_RE, STOP, Compiler, Explainer, Hit, pattern_regex

__all__ = ["GAP_RE", "Hit", "Theme", "ThemeError", "pattern_regex"]

SHIPPED_PATH = data_path("themes.toml")
FILE_NAME = "themes.toml"

GAP = "…"
FOLDED_GAP_CLASS = STOP
_NEVER = re.compile(r"(?!)")
_KEYS = {"name", "gloss", "terms", "patterns", "families", "core", "exclude", "near", "unless"}


class ThemeError(Exception):
    """A theme file that cannot be used; str(error) names the file and the problem."""


@dataclass(eq=False)
class Theme:
    """A theme resolved once: its expressions, patterns, families, exclusions, senses that
    need a nearby word, core set and the matcher they compile to (index/words/rules.py).
    Compare, trend, first use, the matrix and the app all ask it what it matches."""

    name: str
    gloss: str = ""
    terms: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    families: dict[str, list[str]] = field(default_factory=dict)
    source: str = ""  # file the theme came from, or "query" for ad-hoc themes
    core: list[str] = field(default_factory=list)  # core expressions; empty: all are core
    exclude: list[str] = field(default_factory=list)  # contexts an expression does not count in
    near: dict[str, list[str]] = field(default_factory=dict)  # expression -> words needed nearby
    unless: dict[str, list[str]] = field(default_factory=dict)  # expression -> words ruling it out
    excluded_paras: frozenset = frozenset()  # (doc_id, para) the user took out (corpus table)
    _regex: re.Pattern | None = field(default=None, init=False, repr=False)
    _matcher: re.Pattern | None = field(default=None, init=False, repr=False)
    _explainer: Explainer | None = field(default=None, init=False, repr=False)

    def expressions(self) -> list[str]:
        """All exact expressions (terms and family members), deduplicated, longest first."""
        seen = dict.fromkeys(self.terms)
        for members in self.families.values():
            seen.update(dict.fromkeys(members))
        return sorted(seen, key=len, reverse=True)  # sort is stable: file order within a length

    def family_of(self, expr: str) -> str:
        """The family an expression belongs to, or the expression itself."""
        for family, members in self.families.items():
            if expr in members:
                return family
        return expr

    def core_set(self) -> set[str]:
        """The core expressions and patterns (a family name stands for its members); empty
        when the theme has no `core` (then every expression is core)."""
        out = set()
        for c in self.core:
            out.add(c)
            out.update(self.families.get(c, ()))
        return out

    def core_theme(self) -> "Theme":
        """The theme narrowed to its core expressions: the slogan itself, not the theme
        around it (the same theme when it has no `core`)."""
        if not self.core:
            return self
        core = self.core_set()
        terms = [e for e in self.expressions() if e in core]
        pats = [p for p in self.patterns if p in core]
        return Theme(self.name, self.gloss, terms, pats, {}, self.source, [],
                     list(self.exclude), {k: v for k, v in self.near.items() if k in core},
                     {k: v for k, v in self.unless.items() if k in core}, self.excluded_paras)

    def kinds(self) -> dict[str, str]:
        """expression or pattern -> "term", "family" or "pattern", then core or related."""
        core = self.core_set()
        members = {m for ms in self.families.values() for m in ms}
        out = {}
        for e in self.expressions():
            kind = "family" if e in members and e not in self.terms else "term"
            out[e] = f"{kind}, {'core' if not core or e in core else 'related'}"
        for p in self.patterns:
            out[p] = f"pattern, {'core' if not core or p in core else 'related'}"
        return out

    def _compiled(self, folded: bool) -> re.Pattern:
        comp = Compiler(self.exclude, self.near, folded, self.unless)
        alts = [a for a in (comp.expression(e) for e in self.expressions()) if a]
        alts += [comp.pattern(p) for p in self.patterns]
        return re.compile("|".join(alts)) if alts else _NEVER

    def regex(self) -> re.Pattern:
        """One compiled regex matching any expression or pattern of the theme, with its
        exclusions and nearby-word senses, on text as written (cached)."""
        if self._regex is None:
            self._regex = self._compiled(False)
        return self._regex

    def matcher(self) -> re.Pattern:
        """regex() for folded text (index.text.normal.fold), the normal form search matches in:
        what comparison and the theme matrix run, so that 5Ｇ, a line break inside a term or
        a letter's case hide a passage from them no more than from search (cached)."""
        if self._matcher is None:
            self._matcher = self._compiled(True)
        return self._matcher

    def explain(self, folded_match: str) -> tuple[str, str, str, bool]:
        """(expression or pattern, kind, family, core) of a match of matcher()."""
        if self._explainer is None:
            self._explainer = Explainer(self)
        return self._explainer.explain(folded_match)

    def hits(self, text: str) -> list[Hit]:
        """The theme's matches in text (matched on its folded form), each with the
        expression that matched and its kind: what a reader checks."""
        folded = fold(text)
        found = list(self.matcher().finditer(folded))
        if not found:
            return []
        spans = unfold_spans(text, folded, [m.span() for m in found])
        out = []
        for m, (s, e) in zip(found, spans):
            expr, kind, fam, core = self.explain(m.group())
            out.append(Hit(_SPACE.sub("", text[s:e]) or m.group(), (s, e), expr, kind, fam, core))
        return out


_SPACE = re.compile(r"\s+")


def with_exclusions(theme: Theme, exprs: list[str], paras: frozenset) -> Theme:
    """The theme with the user's exclusions (index/store/exclusions.py): expressions or
    longer strings that no longer count, and (doc_id, para) passages taken out."""
    import dataclasses

    return dataclasses.replace(theme, exclude=list(dict.fromkeys(theme.exclude + exprs)),
                               excluded_paras=frozenset(theme.excluded_paras) | paras)


def core_only(theme: Theme) -> tuple[Theme, str]:
    """(the theme narrowed to its core expressions, a note saying what was counted)."""
    if not theme.core:
        return theme, (f"“{theme.name}” has no core set: all its expressions are counted")
    core = theme.core_theme()
    return core, (f"core expressions of “{theme.name}” only: "
                  + "、".join(core.expressions() + core.patterns))


# ------------------------------------------------------------------ loading


def _str_list(value, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} must be a list of strings")
    if any(not v.strip() for v in value):
        raise ValueError(f"{what} contains an empty string")
    return [v.strip() for v in value]


def _theme_from_table(table: dict, source: str) -> Theme:
    if not isinstance(table, dict):
        raise ValueError("each [[theme]] must be a table")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("a theme has no name")
    name = name.strip()
    try:
        unknown = sorted(set(table) - _KEYS)
        if unknown:
            raise ValueError(f"unknown key(s) {', '.join(unknown)}")
        gloss = table.get("gloss", "")
        if not isinstance(gloss, str):
            raise ValueError("gloss must be a string")
        terms = _str_list(table.get("terms", []), "terms")
        patterns = _str_list(table.get("patterns", []), "patterns")
        raw_families = table.get("families", {})
        if not isinstance(raw_families, dict):
            raise ValueError("families must be a table of name = [members]")
        families = {}
        for fam, members in raw_families.items():
            families[fam] = _str_list(members, f"family {fam!r}")
            if not families[fam]:
                raise ValueError(f"family {fam!r} is empty")
        for t in terms + [m for ms in families.values() for m in ms]:
            if GAP in t:
                raise ValueError(f"term {t!r} contains …; put it in patterns")
        if not terms and not families:
            raise ValueError("terms is empty")
        for p in patterns:
            try:
                re.compile(pattern_regex(p))
            except (ValueError, re.error) as e:
                raise ValueError(f"bad pattern: {e}") from None
        core, exclude, near, unless = _rules(table, terms, patterns, families)
    except ValueError as e:
        raise ValueError(f"theme {name!r}: {e}") from None
    return Theme(name, gloss.strip(), terms, patterns, families, source, core, exclude, near,
                 unless)


def _rules(table: dict, terms, patterns, families) -> tuple[list, list, dict, dict]:
    """(core, exclude, near, unless) of a theme table, checked against its expressions."""
    known = set(terms) | set(patterns) | set(families)
    known.update(m for ms in families.values() for m in ms)
    core = _str_list(table.get("core", []), "core")
    for c in core:
        if c not in known:
            raise ValueError(f"core {c!r} is not a term, pattern or family of the theme")
    exclude = _str_list(table.get("exclude", []), "exclude")
    near, unless = _word_table(table, "near", known, families), \
        _word_table(table, "unless", known, families)
    re.compile(Theme("t", "", terms, patterns, families, "", core, exclude, near, unless)
               ._compiled(True).pattern)  # a rule that cannot compile is the file's error
    return core, exclude, near, unless


def _word_table(table: dict, key: str, known: set, families: dict) -> dict[str, list[str]]:
    """A table of expression = [words] (near, unless); a family name stands for each member."""
    raw = table.get(key, {})
    if not isinstance(raw, dict):
        raise ValueError(f"{key} must be a table of expression = [words]")
    out = {}
    for expr, words in raw.items():
        if expr not in known:
            raise ValueError(f"{key} {expr!r} is not a term, pattern or family of the theme")
        out[expr] = _str_list(words, f"{key} {expr!r}")
        if not out[expr]:
            raise ValueError(f"{key} {expr!r} is empty")
    for fam in [k for k in out if k in families]:
        for m in families[fam]:
            out.setdefault(m, out[fam])
    return out


def read_theme_file(path: Path) -> list[Theme]:
    """The themes of one file, in file order; ThemeError if it is malformed."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ThemeError(f"{path}: cannot read: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise ThemeError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as e:
        raise ThemeError(f"{path}: not valid TOML: {e}") from None
    tables = data.get("theme")
    if not isinstance(tables, list) or not tables:
        raise ThemeError(f"{path}: no [[theme]] tables (each theme starts with [[theme]])")
    themes, names = [], set()
    for k, table in enumerate(tables):
        try:
            theme = _theme_from_table(table, str(path))
        except ValueError as e:
            raise ThemeError(f"{path}{_line_of(path, k, table, str(e))}: {e}") from None
        if theme.name in names:
            raise ThemeError(f"{path}: theme {theme.name!r} is defined twice")
        names.add(theme.name)
        themes.append(theme)
    return themes


def load_themes(extra_paths: Iterable[Path] = ()) -> dict[str, Theme]:
    """The shipped themes, then each extra file in order; a theme with the same name replaces."""
    themes: dict[str, Theme] = {}
    for path in [SHIPPED_PATH, *extra_paths]:
        for theme in read_theme_file(Path(path)):
            themes[theme.name] = theme
    return themes


def user_theme_paths(corpus_dirs: Iterable[Path] = ()) -> list[Path]:
    """Existing user theme files: the user config dir first, then each corpus dir."""
    candidates = [user_themes_path()]
    candidates += [Path(d) / FILE_NAME for d in corpus_dirs]
    found, seen = [], set()
    for p in candidates:
        if p.is_file() and p.resolve() not in seen:
            seen.add(p.resolve())
            found.append(p)
    return found


def adhoc_theme(query: str) -> Theme:
    """A theme from a free query: whitespace-separated words are terms ("…" words are patterns)."""
    words = list(dict.fromkeys(query.split()))
    if not words:
        raise ThemeError("empty query")
    terms = [w for w in words if GAP not in w]
    patterns = [w for w in words if GAP in w]
    for p in patterns:
        try:
            pattern_regex(p)
        except ValueError as e:
            raise ThemeError(f"query: {e}") from None
    return Theme(query.strip(), "ad-hoc query", terms, patterns, {}, "query")


def find_theme(themes: dict[str, Theme], name: str) -> Theme | None:
    """Exact theme name, else a case-insensitive match on the English gloss, else None."""
    name = name.strip()
    if name in themes:
        return themes[name]
    folded = name.casefold()
    for theme in themes.values():
        if theme.gloss.casefold() == folded:
            return theme
    return None


def all_themes() -> dict:
    """The lexicon: shipped themes plus the user's theme files. A broken user file is left
    out and named by lexicon_warning() (docs/themes.md): the rest is used meanwhile, and
    never silently.

    Cached until one of the files changes.
    """
    paths = [SHIPPED_PATH, *user_theme_paths()]
    stamp = []
    for p in paths:
        try:
            st = p.stat()
            stamp.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            stamp.append((str(p), 0, 0))
    themes, warning = _load_cached(tuple(stamp))
    _WARNING[:] = [warning] if warning else []
    return dict(themes)


@lru_cache(maxsize=4)
def _load_cached(stamp: tuple) -> tuple[dict, str | None]:
    return load_user_lexicon([Path(p) for p, _, _ in stamp[1:]])


# -- a broken user file: named, and the shipped lexicon used meanwhile (issue 25) ---------

_WARNING: list[str] = []  # the last all_themes() call's warning


def load_user_lexicon(user_paths: Iterable[Path]) -> tuple[dict[str, Theme], str | None]:
    """(themes, warning): the shipped themes, then each user file that reads; a broken one
    is left out, and the warning names it in one line: path, line, problem, and that the
    shipped lexicon is used meanwhile. ThemeError only for the shipped file itself."""
    themes = load_themes()
    broken = []
    for path in user_paths:
        try:
            mine = read_theme_file(Path(path))
        except ThemeError as e:
            broken.append(" ".join(str(e).split()))
            continue
        themes.update((t.name, t) for t in mine)
    if not broken:
        return themes, None
    return themes, "; ".join(broken) + " — not used: fix it; the shipped themes are used meanwhile"


def lexicon_warning(load: bool = True) -> str | None:
    """Why a user theme file is not used (see load_user_lexicon); load=False: only if this
    process has read the lexicon already (None otherwise)."""
    if load:
        all_themes()
    return _WARNING[0] if _WARNING else None


def _line_of(path: Path, k: int, table, problem: str) -> str:
    """", line N": where the k-th [[theme]] table's problem is in the file (the line of a
    key it names, else the table's header); "" when it cannot be found."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    headers = [i for i, line in enumerate(lines) if line.strip().startswith("[[theme]]")]
    if k >= len(headers):
        return ""
    end = headers[k + 1] if k + 1 < len(headers) else len(lines)
    keys = [key for key in (table if isinstance(table, dict) else {}) if key in problem]
    for i in range(headers[k], end):
        if any(re.match(rf"\s*{re.escape(key)}\s*=", lines[i]) for key in keys):
            return f", line {i + 1}"
    return f", line {headers[k] + 1}"
