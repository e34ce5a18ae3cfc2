"""The wheel a user installs (`uv build`, then `uv tool install dist/*.whl` or `pipx install .`)
carries the command, the core, the app, the lexicon and the bundled corpora, and runs from
its own folder, away from the repository.

The sdist and the wheel are built with hatchling (the project's build backend) the way
`uv build` does: the sdist first, the wheel from the unpacked sdist, so a file the sdist left
out would be missing from the wheel too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

DATA = ROOT / "index" / "data"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    from hatchling.builders.sdist import SdistBuilder
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("dist")
    sdist = Path(next(iter(SdistBuilder(str(ROOT)).build(directory=str(out)))))
    with tarfile.open(sdist) as tar:
        tar.extractall(out / "src", filter="data")
    (unpacked,) = (out / "src").iterdir()
    return Path(next(iter(WheelBuilder(str(unpacked)).build(directory=str(out)))))


def _repo_files(folder: Path) -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def test_wheel_carries_code_data_and_both_bundled_corpora(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "main.py" in names
    for package in ("index", "tui"):  # every module and data file of index/ and tui/
        missing = _repo_files(ROOT / package) - names
        assert not missing, sorted(missing)
    for data in ("themes.toml", "stopwords.txt", "frequent_chars.txt",
                 "samples/zones/corpus.toml"):
        assert f"index/data/{data}" in names
    provinces = [n for n in names if n.startswith("index/data/samples/provinces-2026/")]
    assert len(provinces) == 16 and all(n.endswith(".csv") for n in provinces)
    assert not [n for n in names if n.startswith(("tests/", "bench/", "docs/"))]


def test_wheel_declares_the_duizhao_command_and_its_dependencies(wheel):
    with zipfile.ZipFile(wheel) as z:
        info = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = z.read(info).decode()
        entry = z.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert "duizhao = main:cli" in entry
    requires = [line.split(":", 1)[1].strip() for line in metadata.splitlines()
                if line.startswith("Requires-Dist:")]
    assert any(r.startswith("textual") and "<9" in r for r in requires), requires
    for dev_only in ("setuptools", "datasketch", "pytest", "ripgrep", "hatchling"):
        assert not any(r.startswith(dev_only) for r in requires), requires


def test_unpacked_wheel_runs_on_its_own_samples(wheel, tmp_path):
    """The wheel's files alone (no repository on the path, another working folder): the
    command finds its samples through importlib.resources, builds the per-user database
    from them and searches it; `index --samples provinces-2026` adds the bundled reports."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site), "DUIZHAO_DB": str(tmp_path / "user.db"),
           "PYTHONSAFEPATH": "1"}

    # one Python for the four commands (each as `duizhao ARGS` would run it), output split
    # on a line of its own
    code = ("import sys, index, main\n"
            "assert index.__file__.startswith(sys.argv[1]), index.__file__\n"
            "for args in sys.argv[2:]:\n"
            "    try:\n"
            "        main.cli.main(args.split(), prog_name='duizhao')\n"
            "    except SystemExit as exc:\n"
            "        assert not exc.code, (args, exc.code)\n"
            "    print('\\n-----', flush=True)\n")
    commands = ["--help", "search 产城融合 --json", "index --samples provinces-2026",
                "docs --json"]
    run = subprocess.run([sys.executable, "-c", code, str(site), *commands], cwd=tmp_path,
                         env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert run.returncode == 0, run.stderr
    help_, hits, indexed, docs, _ = run.stdout.split("\n-----\n")
    assert "Usage: duizhao" in help_ and "search" in help_
    assert "产城融合" in hits and "海门" in hits
    assert "Indexed 16 files" in indexed
    assert str(site / "index" / "data" / "samples" / "provinces-2026") in docs
    assert str(ROOT) not in docs
