"""The fact-check published as schema.org ``ClaimReview`` (JSON-LD): one review per claim.

Built on :func:`smartkorea.verdicts.verdicts`, for fact-check aggregators and search engines:
``smartkorea claims --format claimreview`` prints it and the report's fact-check page embeds it in
a ``<script type="application/ld+json">`` data block (:func:`jsonld_script`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .catalog import data_dir, load
from .verdicts import BEST_RATING, RATINGS, REVIEWER, WORST_RATING, verdicts

__all__ = ["claimreview", "jsonld_script", "to_jsonld"]

Data = str | Path | None


def _package_date(data: Data) -> str:
    folder = Path(data) if data is not None else data_dir()
    with (folder / "datapackage.json").open(encoding="utf-8") as fh:
        created = json.load(fh).get("created", "")
    return str(created)[:10]


def claimreview(*, data: Data = None, url: str | None = None) -> list[dict[str, Any]]:
    """One schema.org ``ClaimReview`` per claim (JSON-ready dicts), in :func:`verdicts` order.

    Each has ``claimReviewed`` (the claim), ``reviewBody`` (the conclusion), ``itemReviewed``
    (a ``Claim`` by the article's publisher, dated, with the article as its ``appearance``:
    a ``CreativeWork`` with url, headline, datePublished and author), ``reviewRating``
    (``ratingValue`` 1-5 per :data:`RATINGS`, omitted for an unverified claim; ``bestRating``,
    ``worstRating``, ``alternateName`` = the verdict, ``ratingExplanation`` = the rule),
    ``author`` (:data:`REVIEWER`) and ``datePublished`` (the data package's ``created`` date).

    Args:
        data: another data package folder.
        url: the page that publishes the fact-check; each review gets ``url#claim_id``.
    """
    v = verdicts(data=data)
    claims = load("claims", data).set_index("claim_id")
    src = load("sources", data).set_index("source_id")
    reviewed = _package_date(data)
    out = []
    for r in v.itertuples(index=False):
        article = src.loc[str(claims.at[r.claim_id, "source_id"])]
        publisher = {"@type": "Organization", "name": str(article["publisher"])}
        rating: dict[str, Any] = {"@type": "Rating"}
        if RATINGS[r.verdict] is not None:
            rating["ratingValue"] = RATINGS[r.verdict]
        rating.update({"bestRating": BEST_RATING, "worstRating": WORST_RATING,
                       "alternateName": r.verdict, "ratingExplanation": r.rule})
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": r.claim,
            "reviewBody": r.conclusion,
            "itemReviewed": {
                "@type": "Claim",
                "author": publisher,
                "datePublished": str(article["published"]),
                "appearance": {
                    "@type": "CreativeWork",
                    "url": str(article["url"]),
                    "headline": str(article["title"]),
                    "datePublished": str(article["published"]),
                    "author": publisher,
                },
            },
            "reviewRating": rating,
            "author": {"@type": "Organization", "name": REVIEWER},
            "datePublished": reviewed,
        }
        if url:
            review["url"] = f"{url}#{r.claim_id.lower()}"
        out.append(review)
    return out


def to_jsonld(*, data: Data = None, url: str | None = None, indent: int | None = 2) -> str:
    """The :func:`claimreview` list as a JSON-LD string (UTF-8 text, non-ASCII kept)."""
    return json.dumps(claimreview(data=data, url=url), ensure_ascii=False, indent=indent)


def jsonld_script(*, data: Data = None, url: str | None = None) -> str:
    """A ``<script type="application/ld+json">`` block holding :func:`to_jsonld` for an HTML page.

    ``</`` is written ``<\\/`` (the same JSON) so no string can close the block early.
    """
    body = to_jsonld(data=data, url=url).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{body}\n</script>'
