"""Reading notebooks for the report: finding them, their title and headline, their figures.

Pure functions over ``nbformat`` notebook nodes (no execution, no HTML): which notebooks a
folder holds, the first ``# `` heading as title, the headline finding as markdown text, and
the outputs that carry a PNG or SVG image, in the order the figures are numbered.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ReportError

HEADLINE_TAG = "headline"

# "Data to July 2026" (or "Data to 2025") ending a headline, as sk.data_to writes it
_DATA_TO = re.compile(r"\s*[(*_]*Data to (?:[A-Z][a-z]+ )?\d{4}[).*_]*\s*$")
# words whose full stop does not end a sentence
_ABBREVIATIONS = {"e.g", "i.e", "vs", "cf", "no", "nos", "st", "dr", "mr", "mrs", "approx", "etc", "jan",
                  "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "co"}
_SENTENCE_END = re.compile(r"[.!?][*_\"”’)]*(?=\s+[*_\"“‘(]*[A-Z0-9£$€₩¥])")

_PNG, _SVG = "image/png", "image/svg+xml"
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")

# --------------------------------------------------------------------------- finding notebooks


def default_notebooks() -> Path:
    """The checkout's ``notebooks/`` folder, else ``./notebooks``."""
    checkout = Path(__file__).resolve().parents[3] / "notebooks"
    return checkout if checkout.is_dir() else Path("notebooks")


def find_notebooks(folder: str | Path | None = None) -> list[Path]:
    """The notebooks of a folder, sorted by name (``00_summary.ipynb`` first)."""
    folder = Path(folder) if folder is not None else default_notebooks()
    if not folder.is_dir():
        raise ReportError(f"no notebooks folder at {folder} (pass --notebooks DIR)")
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not found:
        raise ReportError(f"no notebooks (*.ipynb) in {folder}")
    for path in found:
        if path.stem.lower() == "index":
            raise ReportError(f"{path}: a notebook may not be called 'index' (the report's index.html)")
    return found


# --------------------------------------------------------------------------- title and headline


def _plain(text: str) -> str:
    """Markdown inline text as plain text: links, emphasis and code marks removed."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return " ".join(text.split())


def _join(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _paragraphs(markdown: str):
    """Yield ('heading', level, text) and ('para', None, text) blocks of a markdown text."""
    para: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            if para:
                yield "para", None, " ".join(para)
                para = []
            continue
        if fenced:
            continue
        heading = _HEADING.match(line)
        if heading or not line.strip():
            if para:
                yield "para", None, " ".join(para)
                para = []
            if heading:
                yield "heading", len(heading.group(1)), heading.group(2)
            continue
        stripped = line.strip()
        # tables, raw HTML, images, rules and quotes make poor headlines: skip them
        if stripped.startswith(("|", "<", "![", "---", "***", "___", ">")):
            if para:
                yield "para", None, " ".join(para)
                para = []
            continue
        para.append(stripped)
    if para:
        yield "para", None, " ".join(para)


def _markdown_texts(nb):
    """The notebook's markdown in document order: cell sources and markdown outputs."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            yield cell, _join(cell.source)
        elif cell.cell_type == "code":
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "text/markdown" in data:
                    yield cell, _join(data["text/markdown"])


def notebook_title(nb) -> str | None:
    """The text of the first level-1 markdown heading (``# ...``) of a notebook's markdown cells."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for kind, level, text in _paragraphs(_join(cell.source)):
                if kind == "heading" and level == 1:
                    return _plain(text)
    return None


def notebook_headline(nb) -> str | None:
    """The notebook's headline finding, as markdown text (None if it has none).

    The first paragraph of the cell tagged ``headline`` (a markdown cell's text, or a code cell's
    markdown or plain-text output); without such a cell, the first paragraph after the title,
    in document order, of the markdown cells and the markdown outputs (``display(Markdown(...))``).
    """
    for cell in nb.cells:
        if HEADLINE_TAG in cell.get("metadata", {}).get("tags", []):
            if cell.cell_type == "markdown":
                texts = [_join(cell.source)]
            else:
                texts = []
                for out in cell.get("outputs", []):
                    data = out.get("data", {})
                    if "text/markdown" in data:
                        texts.append(_join(data["text/markdown"]))
                    elif "text/plain" in data:
                        texts.append(_join(data["text/plain"]).strip("'\""))
                    elif out.get("output_type") == "stream":
                        texts.append(_join(out.get("text", "")))
            for text in texts:
                for kind, _, para in _paragraphs(text):
                    if kind == "para":
                        return para
    seen_title = notebook_title(nb) is None  # no title: take the first paragraph of all
    for _, text in _markdown_texts(nb):
        for kind, level, para in _paragraphs(text):
            if kind == "heading":
                if level == 1:
                    seen_title = True
            elif seen_title:
                return para
    return None


def headline_data_to(headline: str | None) -> str | None:
    """The "Data to <Month YYYY>" that ends a headline (None if it does not end with one).

    >>> headline_data_to("Korea leads. **Data to July 2026.**")
    'Data to July 2026'
    """
    if not headline:
        return None
    found = _DATA_TO.search(headline)
    if not found:
        return None
    return re.sub(r"[()*_.]", "", found.group(0)).strip()


def verdict_line(headline: str | None) -> str | None:
    """The first sentence of a headline (markdown kept), without a trailing "Data to ...".

    A full stop ends the sentence when a capital, a digit or a currency sign follows; not
    after an abbreviation ("e.g.", "vs.", "Nov.") or a single capital ("U.S.").

    >>> verdict_line("Korea spent **4.9%** in 2023. The article said 4.5%. Data to July 2026.")
    'Korea spent **4.9%** in 2023.'
    """
    if not headline:
        return None
    text = _DATA_TO.sub("", headline).strip()
    for end in _SENTENCE_END.finditer(text):
        word = re.search(r"([\w.]+)$", text[: end.start()])
        before = word.group(1).lower() if word else ""
        if before in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", before):
            continue
        return text[: end.end()].strip()
    return text or None


# --------------------------------------------------------------------------- image outputs


def _image_outputs(nb):
    """Every output holding a PNG or SVG image, in document order (figure 1, 2, ...)."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if _PNG in data or _SVG in data:
                yield out
