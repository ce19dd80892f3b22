"""Reader checks: what a reader must never see in a notebook or in the built report.

- a table cell cut with "..." or "…";
- a ``snake_case`` id or an ``ALL_CAPS_ID`` (with an underscore) shown as text;
- a missing value written as ``NaN``/``nan``/``None``/``<NA>``/``NaT`` (in prose only the
  unambiguous ``NaN``/``nan``/``<NA>``/``NaT``: "None of these..." is English);
- a raw ISO 3166 alpha-3 code (``KOR``, ``CAN``) in prose or as a whole table cell;
- a money amount cut at its decimal point: see :func:`cut_amounts`;
- a number of five or more digits without thousands separators (``50000``).

Code is not checked: code cells, inline code (Markdown backticks, HTML ``<code>``), link
targets and URLs. Use :func:`check_notebook` on an ``.ipynb`` and :func:`check_html` on a page
of the built report (or any HTML); both return one message per problem (empty: clean).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import smartkorea as sk

# --------------------------------------------------------------------------- rules

_SNAKE = re.compile(r"(?<![\w@/.:=-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/(-])")
# capitals and digits joined by '_' (at least one) or '-': C0_BLOOMBERG_2019, NCSES_SEI_RD-5
_CAPS_ID = re.compile(r"(?<![\w@/.:=-])(?=[A-Z0-9-]*_)[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)+(?![\w/-])")
_CODE3 = re.compile(r"(?<![\w-])[A-Z]{3}(?![\w-])")
_MISSING_CELL = {"nan", "none", "<na>", "nat", "null"}
_MISSING_PROSE = re.compile(r"(?<![\w<])(?:NaN|nan|NaT)(?!\w)|<NA>")
_CUT_CELL = re.compile(r"(?:\.\.\.|…)\s*$")
_LONG_NUMBER = re.compile(r"(?<![\w.,/:#=-])\d{5,}(?![\w,/-]|\.\d)")
_URL = re.compile(r"\b(?:https?://|www\.)\S+")

#: A money amount: a currency symbol, or an ISO 4217 code (then a space or not), then a number.
_CURRENCY = r"(?:[£$€₩¥]|(?<![A-Za-z])(?:GBP|USD|KRW|EUR|JPY|CNY)\s?)"
# (1) a bare 1-3 digit amount, no decimals and no scale, at the end of the text or right before
#     a closing quote/bracket or a full stop that ends the sentence: what is left when "£1.2m"
#     is cut at its point ("up to GBP 1", "worth ₩3.").
_CUT_AT_POINT = re.compile(
    _CURRENCY + r"(\d{1,3})(?![\d,])(?=\s*$|\s*[\"'”’)\]]|\.(?!\d))"
)
# (2) a point with no digit after it inside the amount: "£1.m", "$2.bn".
_POINT_NO_DIGIT = re.compile(_CURRENCY + r"\d[\d,]*\.(?=[A-Za-z])")


def cut_amounts(text: str) -> list[str]:
    """Money amounts in ``text`` that look cut at their decimal point.

    Flagged: a currency symbol or code followed by a bare one-to-three-digit whole number
    (no thousands separator, decimals or scale such as ``m``/``bn``/``tn``/``million``) that
    ends the text or is followed by a closing quote or bracket or by a full stop not followed
    by a digit (``up to GBP 1"``, ``(£1)``, ``worth ₩3.``); and an amount whose point has no
    digit after it (``£1.m``). The house formatters write money with a scale from a million
    up, so a genuine bare ``£1`` ending a sentence is flagged too (write "one pound").
    Not flagged: ``£1.2m``, ``₩3.7tn.``, ``£2,400.``, ``GBP 1.2 million``, ``£5 notes``.
    """
    found = [m.group(0) for m in _CUT_AT_POINT.finditer(text)]
    found += [m.group(0) for m in _POINT_NO_DIGIT.finditer(text)]
    return found


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """Every country and aggregate code of ``data/countries.csv``."""
    return frozenset(sk.load("countries")["country"].astype(str))


def _strip_urls(text: str) -> str:
    return _URL.sub(" ", text)


def check_prose(text: str) -> list[str]:
    """Problems in running text (Markdown already rendered, or plain text)."""
    text = _strip_urls(text)
    out = []
    out += _ids(text, "as text")
    codes = country_codes()
    for m in _CODE3.finditer(text):
        if m.group(0) in codes:
            out.append(f"raw country code in prose: {m.group(0)!r}")
    for m in _MISSING_PROSE.finditer(text):
        out.append(f"missing value shown as {m.group(0)!r}")
    for amount in cut_amounts(text):
        out.append(f"amount cut at its decimal point: {amount!r}")
    for m in _LONG_NUMBER.finditer(text):
        out.append(f"number without thousands separators: {m.group(0)!r}")
    return out


def _ids(text: str, where: str) -> list[str]:
    """snake_case and ALL_CAPS ids in ``text``, each named with ``where`` it was shown."""
    return ([f"snake_case id shown {where}: {m.group(0)!r}" for m in _SNAKE.finditer(text)]
            + [f"ALL_CAPS id shown {where}: {m.group(0)!r}" for m in _CAPS_ID.finditer(text)])


def check_cell(text: str, *, verbatim: str = "") -> list[str]:
    """Problems in one table cell (header or body), given as its visible text.

    ``verbatim`` is the part of ``text`` quoted from a source as written (a title in
    ``<cite>``): it is checked for a cut ("...") and a missing-value word only, since a
    source's own title may well say "50000 IoT Sensors".
    """
    cell = " ".join(text.split())
    short = cell if len(cell) <= 60 else cell[:57] + "[…]"
    out = []
    if _CUT_CELL.search(cell):
        out.append(f"table cell cut with an ellipsis: {short!r}")
    if cell.lower() in _MISSING_CELL:
        out.append(f"table cell shows a missing value as {cell!r}")
    if verbatim:
        cell = " ".join(text.replace(verbatim, " ").split())
    if cell in country_codes():
        out.append(f"table cell shows a raw country code: {cell!r}")
    text = _strip_urls(cell)
    out += _ids(text, "in a table")
    for amount in cut_amounts(cell):
        out.append(f"amount cut at its decimal point in a table: {amount!r}")
    for m in _LONG_NUMBER.finditer(text):
        out.append(f"number without thousands separators in a table: {m.group(0)!r}")
    return out


# --------------------------------------------------------------------------- HTML

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
_INLINE = {"a", "abbr", "b", "em", "i", "small", "span", "strong", "sub", "sup", "u", "mark", "q"}
_SKIP_TAGS = {"style", "script", "head", "code", "svg", "math", "template"}
_SKIP_CLASSES = ("jp-InputArea", "jp-InputPrompt", "jp-OutputPrompt", "highlight")


class _Reader(HTMLParser):
    """Splits a page into what a reader sees: table cells, and prose outside tables."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.cells: list[str] = []
        self.prose: list[str] = []
        self._cell: list[str] | None = None
        self._cited: list[str] = []
        self.verbatim: list[str] = []  # per cell: its text inside <cite>
        self._block: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def _flush(self) -> None:
        text = "".join(self._block).strip()
        if text:
            self.prose.append(text)
        self._block = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        skip = tag in _SKIP_TAGS or any(c in classes for c in _SKIP_CLASSES)
        if tag in ("td", "th") and not self._skipping():
            self._flush()
            self._cell = []
            self._cited = []
        elif tag not in _INLINE:
            self._flush()
        if tag not in _VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        # close up to the matching open tag (tolerates unclosed <p>, <li>...)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell))
            self.verbatim.append("".join(self._cited))
            self._cell = None
        elif tag not in _INLINE:
            self._flush()

    def handle_data(self, data):
        if self._skipping():
            return
        cited = any(tag == "cite" for tag, _ in self.stack)
        if self._cell is not None:
            self._cell.append(data)
            if cited:
                self._cited.append(data)
        else:
            self._block.append(" " if cited else data)

    def close(self):
        super().close()
        self._flush()


def _read_html(text: str) -> _Reader:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader


def check_html(text: str) -> list[str]:
    """Problems a reader would see in an HTML page or fragment: table cells (``td``/``th``)
    by :func:`check_cell`, other visible text by :func:`check_prose`. Skips code (``<code>``,
    notebook input areas, prompts), styles and scripts; a source's title in ``<cite>`` is
    quoted as written, so only checked for a cut or a missing-value word."""
    reader = _read_html(text)
    out = []
    for cell, verbatim in zip(reader.cells, reader.verbatim):
        out.extend(check_cell(cell, verbatim=verbatim))
    for block in reader.prose:
        out.extend(check_prose(block))
    return out


# --------------------------------------------------------------------------- notebooks

_FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.S | re.M)
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_PLAIN_ELLIPSIS = re.compile(r"(?:^|\s)\.\.\.(?:\s|$)|\w(?:\.\.\.|…)(?:\s|$)")


def markdown_text(markdown: str) -> str:
    """The reader-visible words of Markdown: no code blocks, inline code, link targets or
    HTML comments (HTML tags themselves are left to :func:`check_html`)."""
    text = _HTML_COMMENT.sub(" ", markdown)
    text = _FENCE.sub(" ", text)
    text = _INLINE_CODE.sub(" ", text)
    return _LINK_TARGET.sub("]", text)


def _check_markdown(markdown: str) -> list[str]:
    text = markdown_text(markdown)
    if "<" in text and re.search(r"<(table|div|p|span|br|a)\b", text):
        return check_html(text)
    return check_prose(text)


def _join(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def check_notebook(path: str | Path) -> list[str]:
    """Problems a reader would see in a notebook with its committed outputs.

    Checks Markdown cells and every output a reader sees: HTML (tables and text), Markdown,
    printed text and plain-text results; not code, images or the text stand-ins of images.
    Each message starts with the cell number (counting from 0).
    """
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    out: list[str] = []
    for n, cell in enumerate(nb.get("cells", [])):
        found: list[str] = []
        if cell.get("cell_type") == "markdown":
            found += _check_markdown(_join(cell.get("source", "")))
        elif cell.get("cell_type") == "code":
            for output in cell.get("outputs", []):
                kind = output.get("output_type")
                if kind == "stream":
                    found += check_prose(_join(output.get("text", "")))
                    continue
                data = output.get("data", {})
                if "text/html" in data:
                    found += check_html(_join(data["text/html"]))
                elif "text/markdown" in data:
                    found += _check_markdown(_join(data["text/markdown"]))
                elif any(k.startswith("image/") for k in data):
                    continue
                elif "text/plain" in data:
                    text = _join(data["text/plain"])
                    found += check_prose(text)
                    if _PLAIN_ELLIPSIS.search(text):
                        found.append("plain-text output cut with '...'")
        out += [f"cell {n}: {msg}" for msg in found]
    return out
