"""Writing a run's files: all or nothing (a temp folder or temp files beside the target, then renamed)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from ..errors import BenchError


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temp file in the same folder, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_id() -> str:
    """A run's name: its UTC start, YYYYmmdd-HHMMSS."""
    return datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")


def default_run_dir(reports: Path, name: str, run: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "chain"
    return reports / safe / run


def check_folder(path: Path, flag: str) -> None:
    """Before any measuring: ``path`` can become (or is) a folder this process may write in. A file in the way, or
    a place it may not write, is a BenchError now rather than a traceback after the run."""
    _check_place(path, flag, folder=True)


def check_file(path: Path, flag: str) -> None:
    """Before any measuring: ``path`` can be written as a file (it is not a folder, and its folder is writable)."""
    _check_place(path, flag, folder=False)


def _check_place(path: Path, flag: str, folder: bool) -> None:
    if path.exists():
        if folder and not path.is_dir():
            raise BenchError(f"{flag} {path} is a file, not a folder: give a new or existing folder to write the "
                             "run's files in")
        if not folder and path.is_dir():
            raise BenchError(f"{flag} {path} is a folder: give the file to write")
    ancestor = path if folder and path.is_dir() else path.parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise BenchError(f"{flag} {path}: {ancestor} is a file, so nothing can be written under it; give another "
                         "path")
    try:  # a real write: permissions, a read-only file system, /proc, all answer the same way
        os.rmdir(tempfile.mkdtemp(prefix=".smtbench-probe.", dir=ancestor))
    except OSError as exc:
        raise BenchError(f"{flag} {path}: cannot write in {ancestor} ({exc.strerror}); give a path you may write "
                         "to") from None


def write_run(run_dir: Path, files: dict[str, str]) -> None:
    """Put ``files`` (name -> text) in ``run_dir``: a new folder appears whole; in an existing one each file is
    replaced atomically. A failed write (a full disk) is a BenchError, and leaves nothing half-written."""
    try:
        _write_run(run_dir, files)
    except OSError as exc:
        raise BenchError(f"cannot write the run's files in {run_dir}: {exc.strerror or exc}") from None


def _write_run(run_dir: Path, files: dict[str, str]) -> None:
    if run_dir.exists():
        for name, text in files.items():
            atomic_write(run_dir / name, text)
        return
    run_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{run_dir.name}.", suffix=".partial", dir=run_dir.parent))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a report folder is as readable as any other
        os.rename(staging, run_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
