"""Every per-user path in one place: the database, the config folder and its files, exports.

Nothing else in duizhao works out a folder of its own. On Linux (platformdirs):

    database    ~/.local/share/duizhao/duizhao.db     ($DUIZHAO_DB overrides it)
    config      ~/.config/duizhao/                    themes.toml, keymap.toml, settings.toml
    exports     ~/Documents/duizhao/                  what the app's export writes

The bundled corpora live in the repository (``SAMPLES_DIR``, ``PROVINCES_DIR``).
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "duizhao"
ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "samples" / "zones"  # the five development-zone documents the app opens on
PROVINCES_DIR = ROOT / "samples" / "provinces-2026"  # 16 provincial work reports of 2026
THEMES_FILE = "themes.toml"
KEYMAP_FILE = "keymap.toml"
SETTINGS_FILE = "settings.toml"  # [citation] style (index/meta/cite.py)


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
