"""One series between two points ("then" and "now"): the change, and whether it is better or worse.

>>> import pandas as pd
>>> from smartkorea.twopoints import change
>>> str(change(pd.DataFrame({"year": [2019, 2025], "value": [47.0, 17.0]}), 2019, higher_is_better=False))
'47 (2019) -> 17 (2025): improved'

:func:`smartkorea.compare.then_vs_now` does the same for every country of a peer set;
``Change`` and ``change`` are re-exported from :mod:`smartkorea.compare` for existing callers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .text import plain_number

__all__ = ["Change", "change"]


@dataclass(frozen=True)
class Change:
    """One series between two points ("then" and "now"), and whether that is better or worse.

    Attributes:
        then, now: the keys of the two points (a year, or a period such as ``"2019-04"``).
        then_value, now_value: the values (series units; ranks for a ranking).
        difference: ``now_value - then_value`` (series units).
        change_pct: percent change on the then value (NaN when it is 0).
        higher_is_better: the direction (False for ranks: 47th -> 17th improved).
        verdict: ``"improved"``, ``"slipped"`` or ``"unchanged"``.
    """

    then: object
    now: object
    then_value: float
    now_value: float
    difference: float
    change_pct: float
    higher_is_better: bool
    verdict: str

    @property
    def improved(self) -> bool:
        return self.verdict == "improved"

    def as_row(self, what: str, fmt=None) -> dict[str, str]:
        """A row for a compact "then vs now" table: ``what``, ``then``, ``now``, ``verdict``.

        ``fmt`` formats one value (default: ``"{:,.0f}"`` for whole numbers, else 3 significant
        figures); each cell reads e.g. ``"47 (2019)"``, or ``"12, 2025 (SCI 11)"`` when the key
        already holds parentheses.
        """
        f = fmt or plain_number

        def cell(value: float, key: object) -> str:
            return f"{f(value)}, {key}" if "(" in str(key) else f"{f(value)} ({key})"

        return {"what": what, "then": cell(self.then_value, self.then),
                "now": cell(self.now_value, self.now), "verdict": self.verdict}

    def __str__(self) -> str:
        return f"{self.then_value:g} ({self.then}) -> {self.now_value:g} ({self.now}): {self.verdict}"


def change(
    df: pd.DataFrame,
    then: object,
    now: object | None = None,
    *,
    key: str = "year",
    value: str = "value",
    higher_is_better: bool = True,
) -> Change:
    """Compare one series at two points: ``then`` and ``now`` (default: its latest point).

    Args:
        df: **one** series (one country or city, one indicator, one vintage or scope), one row
            per ``key``. Filter first; several rows for one key are refused.
        then: the key of the earlier point (it must be present: no other point is used).
        now: the key of the later point; None = the last key in sort order (numbers
            numerically, text such as ``"2021-06"`` or ``"2025 (SCI 11)"`` lexicographically).
        key, value: column names.
        higher_is_better: False for ranks.

    Raises:
        ValueError: a missing column, duplicate keys, or ``then``/``now`` not in the series.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"Expected a pandas DataFrame; got {type(df).__name__}")
    for col in (key, value):
        if col not in df.columns:
            raise ValueError(f"The frame lacks column {col!r} (found {list(df.columns)})")
    s = df[[key, value]].copy()
    s[value] = pd.to_numeric(s[value], errors="raise").astype("float64")
    s = s[np.isfinite(s[value])]
    if s.empty:
        raise ValueError("The series has no values")
    if s[key].duplicated().any():
        raise ValueError(
            f"Several rows share {key}={s.loc[s[key].duplicated(), key].iloc[0]!r}: pass one series "
            "(filter country/city, indicator, vintage or scope first)."
        )
    keys = list(s[key])
    if now is None:
        now = sorted(keys)[-1]
    for name, k in (("then", then), ("now", now)):
        if k not in keys:
            raise ValueError(f"{name}={k!r} is not in the series; {key} values: {sorted(map(str, keys))}")
    a = float(s.loc[s[key] == then, value].iloc[0])
    b = float(s.loc[s[key] == now, value].iloc[0])
    diff = b - a
    better = diff > 0 if higher_is_better else diff < 0
    verdict = "unchanged" if diff == 0 else ("improved" if better else "slipped")
    pct = (b / a - 1.0) * 100.0 if a != 0 else float("nan")
    return Change(then, now, a, b, diff, pct, bool(higher_is_better), verdict)
