"""Writing to the user's themes.toml: a phrase accepted into a theme (theme suggest).

The user's file replaces a shipped theme of the same name as a whole (docs/themes.md), so
the first phrase accepted into a shipped theme copies that theme into the user's file with
the phrase added; later ones are added to the copy. The file is edited with tomlkit, which
keeps the user's comments and layout; a file that is not valid TOML is never rewritten.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import tomlkit

from index.locations import user_themes_path
from index.words.themes import Theme, ThemeError, read_theme_file


def _copy(theme: Theme) -> dict:
    table: dict = {"name": theme.name}
    if theme.gloss:
        table["gloss"] = theme.gloss
    table["terms"] = list(theme.terms)
    for key in ("patterns", "core", "exclude"):
        if getattr(theme, key):
            table[key] = list(getattr(theme, key))
    for key in ("families", "near", "unless"):
        if getattr(theme, key):
            table[key] = {k: list(v) for k, v in getattr(theme, key).items()}
    return table


def accept_phrase(theme: Theme, phrase: str, path: Path | None = None) -> Path:
    """Add phrase as a term of theme in the user's themes.toml; returns the file written.
    ThemeError when the file is broken or the phrase is empty or already a term."""
    phrase = phrase.strip()
    if not phrase or "…" in phrase:
        raise ThemeError(f"“{phrase}” cannot be a term (empty, or a gap pattern)")
    path = Path(path or user_themes_path())
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if text.strip():  # a broken file: ThemeError naming it, nothing written
        try:
            has_themes = bool(tomllib.loads(text).get("theme"))
        except tomllib.TOMLDecodeError:
            has_themes = True  # read_theme_file says what is wrong
        if has_themes:
            read_theme_file(path)
    doc = tomlkit.parse(text) if text.strip() else tomlkit.document()
    tables = doc.setdefault("theme", tomlkit.aot())
    mine = next((t for t in tables if t.get("name") == theme.name), None)
    if mine is None:
        mine = _copy(theme)
        mine["terms"] = mine["terms"] + [phrase]
        tables.append(tomlkit.item(mine))
    else:
        terms = mine.setdefault("terms", tomlkit.array())
        if phrase in terms:
            raise ThemeError(f"“{phrase}” is already a term of {theme.name} in {path}")
        terms.append(phrase)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    read_theme_file(path)  # what was written loads
    return path
