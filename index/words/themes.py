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
from index.text.normal import fold

SHIPPED_PATH = data_path("themes.toml")
FILE_NAME = "themes.toml"

GAP = "…"
DEFAULT_GAP = 4
MAX_GAP = 50
GAP_CLASS = "[^。；！？]"  # a gap never crosses the end of a sentence or clause list
FOLDED_GAP_CLASS = "[^。；！？;!?]"  # the same in folded text (NFKC makes ；！？ ;!?)
GAP_RE = re.compile(r"…(?:\{(\d+)\})?")
_NEVER = re.compile(r"(?!)")
_KEYS = {"name", "gloss", "terms", "patterns", "families"}


class ThemeError(Exception):
    """A theme file that cannot be used; str(error) names the file and the problem."""


@dataclass(eq=False)
class Theme:
    name: str
    gloss: str = ""
    terms: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    families: dict[str, list[str]] = field(default_factory=dict)
    source: str = ""  # file the theme came from, or "query" for ad-hoc themes
    _regex: re.Pattern | None = field(default=None, init=False, repr=False)
    _matcher: re.Pattern | None = field(default=None, init=False, repr=False)

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

    def regex(self) -> re.Pattern:
        """One compiled regex matching any expression or pattern of the theme (cached)."""
        if self._regex is None:
            alts = [re.escape(e) for e in self.expressions()]
            alts += [pattern_regex(p) for p in self.patterns]
            self._regex = re.compile("|".join(alts)) if alts else _NEVER
        return self._regex


    def matcher(self) -> re.Pattern:
        """regex() for folded text (index.textnorm.fold), the normal form search matches in:
        what comparison and the theme matrix run, so that 5Ｇ, a line break inside a term or
        a letter's case hide a passage from them no more than from search (cached)."""
        if self._matcher is None:
            alts = [re.escape(f) for f in dict.fromkeys(fold(e) for e in self.expressions()) if f]
            alts += [pattern_regex(p, folded=True) for p in self.patterns]
            self._matcher = re.compile("|".join(alts)) if alts else _NEVER
        return self._matcher


def pattern_regex(pattern: str, folded: bool = False) -> str:
    """Regex source for a gap pattern: "…" = up to 4 characters, "…{N}" = up to N; folded:
    for folded text (its literals folded, the gap's stops as folding writes them).

    Raises ValueError when the pattern is malformed.
    """
    if not pattern.strip():
        raise ValueError("empty pattern")
    parts = GAP_RE.split(pattern)  # literal, N-or-None, literal, N-or-None, ..., literal
    literals, gaps = parts[0::2], parts[1::2]
    if any(GAP in lit for lit in literals):
        raise ValueError(f"malformed gap in {pattern!r} (write … or …{{N}})")
    if not literals[0] or not literals[-1]:
        raise ValueError(f"pattern {pattern!r} starts or ends with a gap")
    if any(not lit for lit in literals[1:-1]):
        raise ValueError(f"pattern {pattern!r} has two gaps in a row")
    lit = fold if folded else str
    gap = FOLDED_GAP_CLASS if folded else GAP_CLASS
    out = [re.escape(lit(literals[0]))]
    for n, literal in zip(gaps, literals[1:]):
        size = DEFAULT_GAP if n is None else int(n)
        if not 1 <= size <= MAX_GAP:
            raise ValueError(f"gap size {size} in {pattern!r} is not between 1 and {MAX_GAP}")
        out.append(f"{gap}{{0,{size}}}?")
        out.append(re.escape(lit(literal)))
    return "".join(out)


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
    except ValueError as e:
        raise ValueError(f"theme {name!r}: {e}") from None
    return Theme(name, gloss.strip(), terms, patterns, families, source)


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
