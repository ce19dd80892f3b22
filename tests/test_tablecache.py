"""The on-disk cache of validated tables: shared across processes, never stale, never required."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import smartkorea as sk
from smartkorea import catalog, tablecache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(tablecache.CACHE_ENV, str(folder))
    return folder


def test_a_table_validated_once_is_read_from_the_cache_by_another_process(cache, data_copy):
    fresh = sk.load("rd_intensity", data_copy)
    key = tablecache.key(data_copy)
    stored = tablecache.get(key, "rd_intensity")
    assert isinstance(stored, catalog._Table)
    pd.testing.assert_frame_equal(stored.frame, fresh)
    # a new interpreter loads the same frame (from the cache entry written above)
    code = ("import smartkorea as sk, sys; df = sk.load('rd_intensity', sys.argv[1]); "
            "print(len(df), df['value'].sum())")
    out = subprocess.run([sys.executable, "-c", code, str(data_copy)], capture_output=True, text=True,
                         env={**__import__("os").environ, tablecache.CACHE_ENV: str(cache)}, check=True)
    assert out.stdout.split() == [str(len(fresh)), str(fresh["value"].sum())]


def test_any_edit_to_the_package_is_a_new_key(cache, data_copy):
    before = tablecache.key(data_copy)
    path = data_copy / "sources.csv"  # another file than the table's own: links depend on it
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert tablecache.key(data_copy) != before


def test_a_corrupt_entry_is_a_miss_not_an_error(cache, data_copy):
    key = tablecache.key(data_copy)
    entry = cache / key / "gdp.pickle"
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"not a pickle")
    assert tablecache.get(key, "gdp") is None
    df = sk.load("gdp", data_copy)  # validated afresh, and the entry replaced
    assert len(df) and isinstance(tablecache.get(key, "gdp"), catalog._Table)


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch, data_copy):
    monkeypatch.setenv(tablecache.CACHE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert tablecache.cache_dir() is None and tablecache.key(data_copy) is None
    sk.load("fx_rates", data_copy)
    assert not (tmp_path / "xdg").exists()


def test_a_bad_table_is_never_cached(cache, data_copy):
    path = data_copy / "fx_rates.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[0], "20x9", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(sk.DataValidationError):
        sk.load("fx_rates", data_copy)
    assert tablecache.get(tablecache.key(data_copy), "fx_rates") is None


# --------------------------------------------------------------------------- per-process memo


def _counting():
    calls = []

    @tablecache.per_process
    def rows(*, scale: int = 1, data=None) -> pd.DataFrame:
        calls.append(scale)
        df = sk.load("fx_rates", data)
        return df.assign(units_per_usd=df["units_per_usd"] * scale)

    return rows, calls


def test_a_memoised_result_is_computed_once_per_options_and_handed_out_as_copies(data_copy):
    rows, calls = _counting()
    first = rows(data=data_copy)
    first.loc[0, "note"] = "changed by the caller"
    second = rows(data=data_copy)
    assert calls == [1]
    assert second is not first and second.loc[0, "note"] != "changed by the caller"
    pd.testing.assert_frame_equal(second, sk.load("fx_rates", data_copy))
    rows(scale=2, data=data_copy)
    assert calls == [1, 2]


def test_an_edited_package_file_is_a_memo_miss(data_copy):
    rows, calls = _counting()
    rows(data=data_copy)
    path = data_copy / "fx_rates.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    rows(data=data_copy)
    assert calls == [1, 1]
