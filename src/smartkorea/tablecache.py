"""Caches of what is computed from the data package: validated tables on disk, results per process.

:func:`per_process` memoises an analysis function (``audit.claims_table``, ``verdicts.verdicts``,
``thennow.concepts``) within one process, keyed by its options and by the data package files'
signatures.

Every notebook kernel, test worker and analysis is a new process; without this each one would
read, type and check the same CSV files again (about 0.4 s for the whole package). An entry is
keyed by a hash of every file of the data package (its bytes), of the code that reads and checks
them, and of the pandas version, so any edit to the data or to that code is a miss, never a stale
hit. A corrupt or unreadable entry is a miss; a cache folder that cannot be written is skipped.

Where: ``$SMARTKOREA_CACHE``, else ``$XDG_CACHE_HOME/smartkorea``, else ``~/.cache/smartkorea``.
``SMARTKOREA_CACHE=off`` turns it off.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

import pandas as pd

__all__ = ["CACHE_ENV", "cache_dir", "get", "key", "per_process", "put"]

CACHE_ENV = "SMARTKOREA_CACHE"
_OFF = {"off", "0", "no", "false"}
_CODE = ("catalog.py", "schema.py", "tablecache.py")  # the code whose output is cached


def cache_dir() -> Path | None:
    """The cache folder, or None when ``SMARTKOREA_CACHE`` turns the cache off."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen.lower() in _OFF:
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "smartkorea"


def _signatures(folder: Path) -> tuple:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".json") and p.is_file())
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)


@lru_cache(maxsize=16)
def _key(folder: Path, _signatures: tuple) -> str:
    digest = hashlib.sha256(pd.__version__.encode())
    here = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    for name, _, _ in _signatures:
        digest.update(name.encode() + b"\0" + (folder / name).read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def key(folder: Path) -> str | None:
    """The cache key of a data package folder as it is on disk now (None: cache off or unreadable)."""
    if cache_dir() is None:
        return None
    try:
        return _key(folder, _signatures(folder))
    except OSError:
        return None


def _path(package_key: str, name: str) -> Path | None:
    base = cache_dir()
    return None if base is None else base / package_key / f"{name}.pickle"


def get(package_key: str, name: str) -> object | None:
    """The cached value of table ``name`` of that package, or None (a miss)."""
    path = _path(package_key, name)
    try:
        with open(path, "rb") as fh:  # type: ignore[arg-type]
            return pickle.load(fh)
    except Exception:  # absent, unreadable or from another pickle protocol: a miss
        return None


def put(package_key: str, name: str, value: object) -> None:
    """Store a validated table (atomically: readers see the old entry or the new, never half)."""
    path = _path(package_key, name)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)
    except OSError:
        return


def per_process(func):
    """Memoise ``func(..., data=None, **options)`` in this process, per data package as on disk.

    A notebook asks for the same derived table several times (directly and through the functions
    built on it); this computes it once. The key is the arguments, the resolved package folder
    and every package file's name, modification time and size, so an edited file is a miss. Each
    caller gets a deep copy: changing a result never changes the next one. Arguments that cannot
    be hashed, or a folder that cannot be listed, skip the memo.
    """
    memo: dict = {}

    @functools.wraps(func)
    def wrapper(*args, data=None, **kwargs):
        from .catalog import _resolve  # catalog imports this module

        folder = _resolve(data)
        try:
            key = (args, tuple(sorted(kwargs.items())), folder, _signatures(folder))
            hit = memo.get(key)
        except (OSError, TypeError):
            return func(*args, data=data, **kwargs)
        if hit is None:
            hit = memo[key] = func(*args, data=data, **kwargs)
        return copy.deepcopy(hit)

    return wrapper
