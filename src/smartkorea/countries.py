"""Countries: ISO3 codes, display names, aggregates and peer sets, read from the ``countries`` table.

The ``countries`` table of the data package is the one list of economies: its ``kind`` column
marks the aggregates (``OED``, ``EUU``, ``WLD``), its ``short_name`` gives the name readers
see, and ``oecd_member`` defines the ``"oecd"`` peer set. The other peer sets are named once
here (:data:`PEER_SETS`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from .catalog import load
from .errors import UnknownPeerSetError

__all__ = [
    "ASIA",
    "CORE",
    "G7",
    "PEER_SETS",
    "Peers",
    "aggregates",
    "check_code",
    "is_code",
    "label_for",
    "peer_set",
    "short_names",
]

G7: tuple[str, ...] = ("CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA")
"""The Group of Seven."""
CORE: tuple[str, ...] = ("KOR", *G7, "ISR", "CHN")
"""The default peer set: Korea, the G7, Israel and China (the usual innovation comparators)."""
ASIA: tuple[str, ...] = ("KOR", "JPN", "CHN", "TWN", "SGP", "HKG")
"""Korea and its East/South-East Asian innovation peers."""
PEER_SETS: dict[str, tuple[str, ...]] = {"g7": G7, "core": CORE, "asia": ASIA}
"""Named peer sets; ``"oecd"`` is added from the ``countries`` table (see :func:`peer_set`)."""

_ISO3 = re.compile(r"^[A-Z]{3}$")

Peers = str | Iterable[str]


def is_code(value: object) -> bool:
    """True for an ISO 3166-1 alpha-3 code (three upper-case letters, e.g. ``KOR``)."""
    return isinstance(value, str) and bool(_ISO3.match(value))


def check_code(country: object) -> str:
    """``country`` itself when it is an ISO3 code.

    Raises:
        ValueError: anything else.
    """
    if not is_code(country):
        raise ValueError(f"country must be an ISO 3166-1 alpha-3 code such as 'KOR'; got {country!r}")
    return country  # type: ignore[return-value]


def _text(values) -> list[str]:
    return [v if isinstance(v, str) else "" for v in values.astype("object")]


def aggregates(data: str | Path | None = None) -> frozenset[str]:
    """Codes the ``countries`` table marks as aggregates (``kind == "aggregate"``)."""
    c = load("countries", data)
    return frozenset(c.loc[c["kind"].astype(str) == "aggregate", "country"].astype(str))


def short_names(data: str | Path | None = None) -> dict[str, str]:
    """ISO3 code -> short display name (``KOR`` -> ``South Korea``)."""
    c = load("countries", data)
    return dict(zip(_text(c["country"]), _text(c["short_name"])))


def label_for(codes: Iterable[str], data: str | Path | None = None) -> dict[str, str]:
    """Display label for each code: its short name, or the code itself when unknown."""
    names = short_names(data)
    return {c: names.get(c, c) for c in codes}


def peer_set(peers: Peers = "core", *, data: str | Path | None = None) -> tuple[str, ...]:
    """Resolve a peer set to a tuple of ISO3 codes.

    Args:
        peers: a set name (``"g7"``, ``"core"``, ``"asia"``, ``"oecd"``; case-insensitive), one
            ISO3 code (``"KOR"``) or an iterable of codes.
        data: another data package folder (used for ``"oecd"``).

    ``"oecd"`` is the OECD members (``oecd_member`` true, ``kind`` country) of the
    ``countries`` table, i.e. the members that appear somewhere in the data package, not all 38.

    Raises:
        ValueError: an unknown set name (with close matches) or a malformed code.
    """
    if isinstance(peers, str):
        name = peers.strip()
        if name.lower() in PEER_SETS:
            return PEER_SETS[name.lower()]
        if name.lower() == "oecd":
            c = load("countries", data)
            member = c["oecd_member"].fillna(False).astype(bool) & (c["kind"].astype(str) == "country")
            return tuple(c.loc[member, "country"].astype(str))
        if is_code(name):
            return (name,)
        known = [*PEER_SETS, "oecd"]
        close = difflib.get_close_matches(name.lower(), known, n=2, cutoff=0.5)
        hint = f" Did you mean {', '.join(repr(m) for m in close)}?" if close else ""
        raise UnknownPeerSetError(
            f"Unknown peer set {peers!r}.{hint} Known sets: {', '.join(known)}; "
            "or pass ISO3 codes such as ['KOR', 'JPN']."
        )
    codes = tuple(dict.fromkeys(peers))
    bad = [c for c in codes if not is_code(c)]
    if bad:
        raise ValueError(f"Peers must be ISO 3166-1 alpha-3 codes such as 'KOR'; got {bad}")
    if not codes:
        raise ValueError("The peer set is empty")
    return codes
