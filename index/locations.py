"""Every per-user path in one place: the database, the config folder and its files, exports.

Nothing else in duizhao works out a folder of its own. On Linux (platformdirs):

    database    ~/.local/share/duizhao/duizhao.db     ($DUIZHAO_DB overrides it)
    config      ~/.config/duizhao/                    themes.toml, keymap.toml, settings.toml
    exports     ~/Documents/duizhao/                  what the app's export writes

What the package carries — the lexicon, word lists and the bundled corpora — is in
index/data/ and found through importlib.resources (``data_path``), the same way in a clone
(`uv run main.py`) and in an installed wheel (`duizhao`): ``SAMPLES_DIR`` (the five
development-zone documents the app opens on) and ``PROVINCES_DIR`` (the 16 provincial work
reports of 2026), both under index/data/samples/ (``bundled_corpus``).
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "duizhao"
BUNDLED = ("zones", "provinces-2026")  # the corpora under index/data/samples/
THEMES_FILE = "themes.toml"
KEYMAP_FILE = "keymap.toml"
SETTINGS_FILE = "settings.toml"  # [citation] style (index/meta/cite.py)


def data_path(*parts: str) -> Path:
    """A file or folder of index/data/, through importlib.resources. duizhao runs from a folder
    (a clone or an installed wheel, never a zip), so the resource is a real path that indexing
    and the app's Library can read and write."""
    from importlib.resources import files

    return Path(str(files("index").joinpath("data", *parts)))


def bundled_corpus(name: str) -> Path:
    """The folder of a bundled corpus (one of BUNDLED), e.g. for `duizhao index --samples`."""
    if name not in BUNDLED:
        raise ValueError(f"no bundled corpus {name!r}: {', '.join(BUNDLED)}")
    return data_path("samples", name)


def __getattr__(name: str) -> Path:
    """SAMPLES_DIR and PROVINCES_DIR, looked up when first asked for (importlib.resources is
    not imported by `duizhao --help`)."""
    if name == "SAMPLES_DIR":
        return bundled_corpus("zones")
    if name == "PROVINCES_DIR":
        return bundled_corpus("provinces-2026")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_db_path() -> Path:
    """The per-user database: $DUIZHAO_DB, else the platform's data folder."""
    env = os.environ.get("DUIZHAO_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False) / "duizhao.db"


def config_dir() -> Path:
    """The user's config folder (themes.toml, keymap.toml)."""
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False)


def user_themes_path() -> Path:
    return config_dir() / THEMES_FILE


def keymap_path() -> Path:
    return config_dir() / KEYMAP_FILE


def settings_path() -> Path:
    """The user's settings ($DUIZHAO_SETTINGS overrides it, for scripts and tests)."""
    env = os.environ.get("DUIZHAO_SETTINGS")
    return Path(env) if env else config_dir() / SETTINGS_FILE


def export_dir() -> Path:
    """Where the app's exports go unless the user types another path: a duizhao folder in
    the user's documents folder (never the current directory)."""
    from platformdirs import user_documents_path

    return user_documents_path() / APP
