"""Markup in data values: what the validator refuses so that a data value stays text on a page.

The report shows data values in prose, tables and links. A value that carries HTML or a
script address could run in a reader's browser if any later step forgot to escape it, so
``smartkorea validate`` (:func:`smartkorea.problems`) rejects it before it reaches a page.
In every ``string`` field of every table it rejects:

- an HTML tag, comment or declaration: ``<`` followed by a letter, ``/``, ``!`` or ``?``
  (``<img ...>``, ``</b>``, ``<!-- -->``; also Markdown autolinks ``<javascript:...>``).
  A ``<`` before a digit, ``=`` or a space (``<=200%``, ``< 1%``) is ordinary text;
- a script address: ``javascript:``, ``vbscript:`` or ``livescript:`` anywhere (tabs and line
  breaks inside are ignored, as browsers ignore them in addresses), and a ``data:`` address
  (``data:`` at the start of a word, directly followed by its content; ``"data: ITU"`` in
  prose and ``repo:data/file.csv`` are text);
- a Markdown link or image (``[label](target)``, ``![alt](target)``) or link definition
  (``[label]: target``) whose target is not an ``http://`` or ``https://`` address.

A field named ``url`` or ending in ``_url``, or whose schema gives ``"format": "uri"``, must
also hold one ``http(s)`` address without spaces, quotes, backticks or angle brackets.

The descriptor (``datapackage.json``) is held to the same rule: its titles and descriptions
reach pages too (every text in it but a field's ``pattern`` constraint, which is a regular
expression).

A field whose schema sets ``"allowMarkup": true`` is not checked for markup (no shipped field
does; an address field is still checked as an address). The
check reads the values as written; it does not change them, and :func:`smartkorea.load` does
not run it, so a package that fails it can still be loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = ["OPT_OUT", "cell_problems", "descriptor_problems", "problem", "url_problem"]

OPT_OUT = "allowMarkup"
"""The schema field property that exempts one field from the markup check."""

_TAG = re.compile(r"<[A-Za-z/!?][^\s<>]{0,20}")
_URL_NOISE = str.maketrans("", "", "\t\r\n\x00")  # what a browser drops inside an address
_SCRIPT_SCHEME = re.compile(r"(?i)\b(?:java|vb|live)script\s*:")
_DATA_SCHEME = re.compile(r"(?i)(?:^|[\s(\"'<=\[])data:(?=\S)")
_MD_LINK = re.compile(r"\]\(\s*<?\s*([^\s)>]*)")
_MD_DEFINITION = re.compile(r"(?m)^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]*)")
_HTTP = re.compile(r"(?i)^https?://")
_URL = re.compile(r"(?i)^https?://[^\s<>\"'`]+$")


def problem(value: str) -> str | None:
    """What makes ``value`` markup (a phrase for "found ..."), or None when it is plain text.

    >>> problem("Israel") is None
    True
    >>> problem("<=200% of equity") is None
    True
    >>> problem('Israel<img src=x onerror="alert(1)">')
    "an HTML tag ('<img')"
    >>> problem("[x](javascript:alert(1))")
    "a script address ('javascript:')"
    """
    tag = _TAG.search(value)
    if tag:
        return f"an HTML tag ({tag.group(0)!r})"
    squeezed = value.translate(_URL_NOISE)
    script = _SCRIPT_SCHEME.search(squeezed)
    if script:
        return f"a script address ({script.group(0)!r})"
    if _DATA_SCHEME.search(squeezed):
        return "a data: address"
    for pattern, what in ((_MD_LINK, "a Markdown link or image"), (_MD_DEFINITION, "a Markdown link definition")):
        for match in pattern.finditer(value):
            if not _HTTP.match(match.group(1)):
                return f"{what} to {match.group(1)!r} (only http(s) targets are allowed)"
    return None


def url_problem(value: str) -> str | None:
    """What makes ``value`` unfit for a URL field, or None for one plain ``http(s)`` address."""
    if _URL.match(value):
        return None
    if not _HTTP.match(value):
        return "an address that is not http:// or https://"
    return "an address with a space, quote, backtick or angle bracket"


def _shown(value: str, limit: int = 120) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def _is_url_field(field: dict) -> bool:
    name = str(field.get("name", ""))
    return name == "url" or name.endswith("_url") or field.get("format") == "uri"


def cell_problems(fields: Iterable[dict], rows: Iterable[tuple[int, dict]]) -> Iterator[tuple[int, str, str, str]]:
    """Every markup problem in a table, as ``(row, column, expected, found)``.

    Args:
        fields: the table's schema fields; only ``string`` fields are checked.
        rows: ``(file row number, {column: value})`` for each row; a missing value is
            ``None`` or ``""``.
    """
    fields = [f for f in fields if f.get("type", "string") == "string"]
    for rownum, values in rows:
        for field in fields:
            value = values.get(field["name"])
            if not isinstance(value, str) or value == "":
                continue
            if _is_url_field(field):
                found = url_problem(value)
                if found:
                    yield rownum, field["name"], "one http:// or https:// address", f"{found}: {_shown(value)}"
                    continue
            if field.get(OPT_OUT) is True:
                continue
            found = problem(value)
            if found:
                yield rownum, field["name"], "plain text without markup", f"{found} in {_shown(value)}"


def descriptor_problems(descriptor: object, where: str = "") -> Iterator[tuple[str, str]]:
    """Markup in the texts of a data package descriptor, as ``(JSON path, found)``.

    The path names the text, e.g. ``resources[3].schema.fields[2].description``; a
    ``pattern`` constraint is not text and is skipped.
    """
    if isinstance(descriptor, dict):
        for key, value in descriptor.items():
            if key != "pattern":
                yield from descriptor_problems(value, f"{where}.{key}" if where else str(key))
    elif isinstance(descriptor, list):
        for i, value in enumerate(descriptor):
            yield from descriptor_problems(value, f"{where}[{i}]")
    elif isinstance(descriptor, str):
        found = problem(descriptor)
        if found:
            yield where, f"{found} in {_shown(descriptor)}"
