"""Every command is documented (after sqlite-utils' tests/test_docs.py): each command and
sub-command of the CLI has its own --help text and appears in the README or a page of docs/
as it is typed (`main.py NAME` or `duizhao NAME`), so that the docs cannot fall behind the
code unnoticed."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _commands(cmd: click.Command, prefix: tuple[str, ...] = ()):
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            yield from _commands(sub, prefix + (name,))
    else:
        yield prefix, cmd


def _all():
    import main

    return list(_commands(main.cli))


def _docs_text() -> str:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in pages)


COMMANDS = [" ".join(path) for path, _ in _all()]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_text(name):
    cmd = dict((" ".join(p), c) for p, c in _all())[name]
    assert (cmd.help or "").strip(), f"`{name}` has no --help text"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented(name):
    if name == "app":  # the app is what `duizhao` / `uv run main.py` opens on its own
        return
    # typed as a user types it: `main.py codes matrix`, `duizhao memo add`, with options
    # or arguments after it
    pattern = re.compile(r"(main\.py|duizhao)(\s+--db\s+\S+)?\s+" + re.escape(name) + r"(\s|`|$)",
                         re.M)
    assert pattern.search(_docs_text()), f"`{name}` is in no example of README.md or docs/"
