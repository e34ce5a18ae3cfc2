"""Opening a file safely: only regular files, never a link swapped in after the walk, and
names that are not UTF-8 shown without crashing (docs/reliability.md, issue 25).

- `bad_name(path)`: why a path cannot be stored (its bytes are not UTF-8: a GBK name from a
  Windows zip), with a printable form of it and, when it reads as GBK, what it says.
- `open_regular(path, follow=..., expect=...)`: the file opened for reading, or a LoadError.
  It never blocks (O_NONBLOCK: a FIFO named *.txt cannot hang the open), refuses anything
  but a regular file (FIFOs, devices, sockets, folders), does not follow a symbolic link in
  the last component unless asked (O_NOFOLLOW), and, given the stat the walk saw, refuses a
  file that is not that one (st_dev/st_ino): a file replaced after the walk is not read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from index.model import LoadError


def shown(path: str | Path) -> str:
    """The path as text that can always be printed and stored: bytes that are not UTF-8
    appear as \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def bad_name(path: str | Path) -> str | None:
    """None for a name that is valid UTF-8; else why the file is not indexed."""
    try:
        str(path).encode("utf-8")
        return None
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(Path(path).name)
    hint = ""
    for enc in ("gb18030", "big5"):
        try:
            hint = f" (read as {enc.upper()}: {raw.decode(enc)})"
            break
        except UnicodeDecodeError:
            continue
    return (f"its name is not valid UTF-8{hint}; rename the file (e.g. unzip with "
            f"`unzip -O GBK`) to index it")


def kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def check_regular(st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        what = kind(st.st_mode)
        if what == "a folder":
            raise LoadError("is a folder, not a file")
        raise LoadError(f"{what}, not a regular file: only regular files are read")


def open_regular(path: str | Path, *, follow: bool = True,
                 expect: os.stat_result | None = None) -> BinaryIO:
    """The regular file at path, open for reading in binary (see the module's docstring)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise LoadError("broken symbolic link" if os.path.islink(path)
                        else "no such file") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except OSError as e:
        if e.errno == errno.ELOOP and not follow:
            raise LoadError("became a symbolic link after the folder was read: not "
                            "followed") from None
        if e.errno in (errno.ENXIO, errno.ENODEV):  # a socket, a FIFO without writer
            raise LoadError("not a regular file: only regular files are read") from None
        raise LoadError(f"cannot read file ({e.strerror or e})") from None
    try:
        st = os.fstat(fd)
        check_regular(st)
        if expect is not None and (st.st_dev, st.st_ino) != (expect.st_dev, expect.st_ino):
            raise LoadError("was replaced by another file after the folder was read: not "
                            "read (index it again)")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def sha1_of(path: str | Path, *, follow: bool = True,
            expect: os.stat_result | None = None) -> str:
    """Content hash of the regular file at path, read in chunks so a large file is not held
    twice (LoadError as open_regular)."""
    import hashlib

    h = hashlib.sha1()
    with open_regular(path, follow=follow, expect=expect) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def stat_regular(path: str | Path, *, follow: bool = True) -> os.stat_result:
    """The stat of the file at path (of the link itself when follow=False); LoadError when
    it is not a regular file or cannot be read."""
    try:
        st = os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        raise LoadError("broken symbolic link" if os.path.islink(path)
                        else "no such file") from None
    except OSError as e:
        raise LoadError(f"cannot read file ({e.strerror or e})") from None
    if stat.S_ISLNK(st.st_mode):
        raise LoadError("became a symbolic link after the folder was read: not followed")
    check_regular(st)
    return st
