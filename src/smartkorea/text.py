"""Numbers in words: every formatter that turns a number into text for readers, one table each.

One currency-symbol table (:data:`SYMBOLS`) and one scale table (:data:`SCALES`) serve the
prose formatters (:func:`format_money`, :func:`format_pct`), the chart labels (:func:`compact`)
and the reader of money written in text (``markets.amounts_in_text``).

Two styles of money exist and stay distinct on purpose (for now): prose keeps three significant
figures and writes amounts under a million in full (``£2,400``); charts are compact and use
``k`` for thousands (``£2.4k``). Both come from :func:`format_money` (``style="prose"`` or
``style="chart"``).
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal

import numpy as np

__all__ = [
    "SCALES",
    "SYMBOLS",
    "Prose",
    "Safe",
    "compact",
    "currency_code",
    "escape",
    "format_money",
    "format_pct",
    "link",
    "ordinal",
    "plain_english",
    "plain_number",
    "prose",
    "year_list",
    "year_spans",
]

SYMBOLS: dict[str, str] = {"KRW": "₩", "GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥"}
"""ISO 4217 code -> the symbol written before an amount; other codes are written as ``CHF 5``."""

SCALES: tuple[tuple[float, str, str], ...] = (
    (1e3, "k", "thousand"),
    (1e6, "m", "million"),
    (1e9, "bn", "billion"),
    (1e12, "tn", "trillion"),
)
"""(multiplier, suffix, word), smallest first; short scale (bn = 10^9, tn = 10^12)."""

_PROSE_SCALES = tuple((s, suffix) for s, suffix, _ in SCALES if s >= 1e6)  # prose: m and up
_CHART_SCALES = tuple((s, suffix) for s, suffix, _ in reversed(SCALES))  # charts: tn first
# free text: a scale written as a suffix or a word ("tn", "trillion") -> the suffix, and won
# written with one ("KRW 5.4 trillion", "~KRW 5.4tn")
_SUFFIX = {name: suffix for s, suffix, word in SCALES if s >= 1e6 for name in (suffix, word)}
_WON_TEXT = re.compile(rf"(~?)KRW (\d[\d.,]*) ?({'|'.join(sorted(_SUFFIX, key=len, reverse=True))})\b")


def currency_code(currency: str, what: str = "currency") -> str:
    """``currency`` as an upper-case three-letter code (``" krw"`` -> ``"KRW"``).

    Raises:
        ValueError: not a three-letter code.
    """
    if not isinstance(currency, str):
        raise ValueError(f"{what} must be a three-letter ISO 4217 code such as 'KRW'; got {currency!r}")
    code = currency.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise ValueError(f"{what} must be a three-letter ISO 4217 code such as 'KRW'; got {currency!r}")
    return code


def _prefix(code: str) -> str:
    return SYMBOLS.get(code, f"{code} ")


def _number(x: float, sig: int) -> str:
    """``x`` (>= 0) to ``sig`` significant figures, never rounding away integer digits;
    thousands separators; trailing zeros after the point dropped."""
    if x == 0:
        return "0"
    decimals = max(0, sig - 1 - math.floor(math.log10(x)))
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _scalar(value: Any, what: str) -> float:
    """One finite number (anything with ``__float__``, e.g. a ``GDPShare``)."""
    if np.ndim(value) != 0 or isinstance(value, bool | str | bytes):
        raise ValueError(f"{what} formats one number; got {type(value).__name__}")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} formats one number; got {value!r}") from None
    if not math.isfinite(x):
        raise ValueError(f"{what} cannot format a missing or infinite value ({value!r})")
    return x


def format_money(amount: float, currency: str, *, sig: int = 3,
                 style: Literal["prose", "chart"] = "prose") -> str:
    """Money for readers: ``₩1.4tn``, ``£941m``, ``$2.3bn``, ``£2,400``.

    ``style="prose"`` (narrative text): scales m = 10^6, bn = 10^9, tn = 10^12. The number
    keeps ``sig`` significant figures (3 by default) but never loses integer digits
    (``₩1,455tn``), and drops trailing zeros. A value that rounds up to 1,000 of a unit moves to
    the next unit (``£999.96m`` -> ``£1bn``). Negative amounts get a leading ``-``.

    ``style="chart"``: :func:`compact` (``£2.4k``; a missing value is ``–``).

    Currencies in :data:`SYMBOLS` get their symbol; other codes are a prefix (``CHF 5m``).

    Raises:
        ValueError: (prose) not a single finite number, or a malformed currency code.
    """
    if style == "chart":
        return compact(amount, currency)
    if style != "prose":
        raise ValueError(f"style must be 'prose' or 'chart'; got {style!r}")
    x = _scalar(amount, "format_money")
    code = currency_code(currency)
    if sig < 1:
        raise ValueError(f"sig must be at least 1; got {sig}")
    prefix = _prefix(code)
    sign = "-" if x < 0 else ""
    a = abs(x)
    unit_i = None
    for i, (scale, _) in enumerate(_PROSE_SCALES):
        if a >= scale:
            unit_i = i
    # rounding may carry into the next unit (999.96m -> 1,000m -> 1bn)
    if unit_i is None and float(_number(a, sig).replace(",", "")) >= _PROSE_SCALES[0][0]:
        unit_i = 0
    while unit_i is not None and unit_i + 1 < len(_PROSE_SCALES):
        if float(_number(a / _PROSE_SCALES[unit_i][0], sig).replace(",", "")) < 1000:
            break
        unit_i += 1
    if unit_i is None:
        return f"{sign}{prefix}{_number(a, sig)}"
    scale, suffix = _PROSE_SCALES[unit_i]
    return f"{sign}{prefix}{_number(a / scale, sig)}{suffix}"


def compact(value: float, currency: str | None = None) -> str:
    """A short label for charts: ``1.4e12, "KRW"`` -> ``"₩1.4tn"``; ``970e6, "GBP"`` ->
    ``"£970m"``; ``4.6e6`` -> ``"4.6m"``; ``2400, "GBP"`` -> ``"£2.4k"``; missing -> ``"–"``.

    Up to three significant figures (two decimals below 10, one below 100, none from 100).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "-" if value < 0 else ""
    v = abs(float(value))
    suffix = ""
    for div, name in _CHART_SCALES:
        if v >= div * 0.9995:
            v, suffix = v / div, name
            break
    digits = 0 if v >= 100 else (1 if v >= 10 else 2)
    num = f"{v:.{digits}f}"
    if "." in num:
        num = num.rstrip("0").rstrip(".")
    if currency:
        symbol = SYMBOLS.get(currency)
        return f"{sign}{symbol}{num}{suffix}" if symbol else f"{sign}{currency} {num}{suffix}"
    return f"{sign}{num}{suffix}"


def format_pct(value: float, digits: int | None = None, *, signed: bool = False) -> str:
    """A percentage for narrative text; ``value`` is already in percent (4.55 -> ``4.5%``).

    With ``digits=None``: no decimals from 10 up (``84%``), one decimal from 1 to 10
    (``4.5%``), two significant figures below 1 (``0.22%``, ``0.013%``). With ``digits`` set,
    exactly that many decimals. ``signed=True`` adds ``+`` to positive values (for changes).
    Anything with ``__float__`` (e.g. a ``money.GDPShare``) can be passed directly.
    """
    x = _scalar(value, "format_pct")
    if digits is not None:
        if digits < 0:
            raise ValueError(f"digits must be >= 0; got {digits}")
        text = f"{abs(x):,.{digits}f}"
    else:
        a = abs(x)
        if a >= 10:
            text = f"{a:,.0f}"
        elif a >= 1:
            text = f"{a:.1f}"
        else:
            text = _number(a, 2)
    if float(text.replace(",", "")) == 0:
        return f"{text}%"
    sign = "-" if x < 0 else ("+" if signed else "")
    return f"{sign}{text}%"


def ordinal(n: int) -> str:
    """1 -> ``"1st"``, 2 -> ``"2nd"``, 11 -> ``"11th"``, 23 -> ``"23rd"`` (for ranks in prose)."""
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plain_number(v: float) -> str:
    """A value in a table cell: whole numbers with separators (``12,345``), else three
    significant figures (``4.55``, ``0.0123``)."""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.3g}"


def year_spans(years: list[int]) -> str:
    """Years as runs: 2013, 2014, 2015, 2017 -> ``"2013–2015, 2017"``; none -> ``"no years"``."""
    if not years:
        return "no years"
    years = list(years)
    out, start, prev = [], years[0], years[0]
    for y in years[1:] + [None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        out.append(f"{start}–{prev}" if prev != start else f"{start}")
        if y is not None:
            start = prev = y
    return ", ".join(out)


def year_list(years: list) -> str:
    """Up to eight years listed (``"2019, 2021"``), more as ``"2000–2023 (24 years)"``."""
    years = [int(y) for y in years]
    return ", ".join(map(str, years)) if len(years) <= 8 else f"{years[0]}–{years[-1]} ({len(years)} years)"


PYEONG_M2 = 400 / 121
"""One pyeong (평), the Korean unit of floor and land area, in square metres."""


def plain_english(description: object) -> str:
    """Free text from the data (a description, an event) as readers should see it.

    Areas counted in Korean 만 (10,000) units become km² (``34만 m2`` -> ``0.34 km²``;
    ``84만 pyeong`` -> ``about 2.8 km²``), ``m2``/``km2`` become ``m²``/``km²``, won written as
    ``KRW 5.4tn`` or ``KRW 5.4 trillion`` becomes ``₩5.4tn`` (``~`` becomes "about").

    >>> plain_english("leading district of 34만 m2; ~KRW 5.4 tn total")
    'leading district of 0.34 km²; about ₩5.4tn total'
    >>> plain_english("a record KRW 4.2 trillion; GDP KRW 2663.3tn")
    'a record ₩4.2tn; GDP ₩2,663.3tn'
    """
    text = re.sub(r"(\d+)만 m2", lambda m: f"{int(m.group(1)) * 1e4 / 1e6:.2f} km²", str(description))
    text = re.sub(r"(\d+)만 pyeong", lambda m: f"about {int(m.group(1)) * 1e4 * PYEONG_M2 / 1e6:.1f} km²", text)
    text = re.sub(r"\b(km|m)2\b", r"\1²", text)
    return _WON_TEXT.sub(lambda m: "about " * bool(m.group(1)) + SYMBOLS["KRW"] + _grouped(m.group(2))
                         + _SUFFIX[m.group(3)], text)


def _grouped(number: str) -> str:
    """``"2663.3"`` -> ``"2,663.3"``: thousands separated, the digits as written."""
    whole, dot, fraction = number.replace(",", "").partition(".")
    return f"{int(whole):,}{dot}{fraction}"


# --------------------------------------------------------------------------- prose from data

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_MARKDOWN = "\\`*_[]|~#!"
_ESCAPE = str.maketrans({**_HTML, **{c: "\\" + c for c in _MARKDOWN}})


class Safe(str):
    """Markdown written by the package (a link, an emphasis), passed through :func:`prose` as is."""


class Prose:
    """A paragraph of Markdown for a notebook or the report: Jupyter shows it as Markdown.

    Its plain-text form is the Markdown itself (no ``<... object>`` placeholder).
    """

    def __init__(self, markdown: str) -> None:
        self.markdown = markdown

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __str__(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.markdown

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Prose) and other.markdown == self.markdown

    __hash__ = None  # type: ignore[assignment]


def escape(value: object) -> Safe:
    """Any value as literal text inside Markdown or HTML: what the data says is shown, never run.

    ``<``, ``>``, ``&`` and ``"`` become HTML entities and Markdown's active characters
    (`` \\ ` * _ [ ] | ~ # ! ``) are backslash-escaped, so a country name such as
    ``Israel<img src=x onerror=...>`` prints as written; runs of white space (line breaks
    included) become one space, so a value cannot open a heading or a list. A :class:`Safe` value is returned
    unchanged (it was escaped already, or written by the package).

    >>> escape("R&D <b>4.9%</b> *new*")
    'R&amp;D &lt;b&gt;4.9%&lt;/b&gt; \\\\*new\\\\*'
    """
    if isinstance(value, Safe):
        return value
    one_line = " ".join(str(value).split())  # a line break in a value must not start a heading or list
    return Safe(one_line.translate(_ESCAPE))


def link(label: object, url: object) -> Safe:
    """A Markdown link with an escaped label; only ``http(s)`` addresses link, others print as text.

    >>> link("OECD", "https://www.oecd.org/")
    '[OECD](https://www.oecd.org/)'
    >>> link("x", "javascript:alert(1)")
    'x'
    """
    text = escape(label)
    address = str(url).strip() if isinstance(url, str) else ""
    if not address.lower().startswith(("http://", "https://")) or any(c in address for c in " <>()\"'`"):
        return text
    return Safe(f"[{text}]({address})")


def prose(template: str, /, **fields: object) -> Prose:
    """Markdown from a template written by the notebook and values that come from the data.

    The template (``str.format`` syntax) is trusted; every field is escaped with :func:`escape`
    unless it is :class:`Safe` (e.g. a :func:`link`). Numbers should arrive already formatted
    by :func:`format_money`, :func:`format_pct` and friends, whose output escaping leaves as is.

    >>> prose("**{name}** spent {pct} of GDP on R&D", name="Israel<script>", pct="6.3%").markdown
    '**Israel&lt;script&gt;** spent 6.3% of GDP on R&D'
    """
    return Prose(template.format_map({k: escape(v) for k, v in fields.items()}))
