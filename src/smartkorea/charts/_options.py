"""Chart options as values: the texts around a chart (:class:`Labels`) and each kind's options.

Every chart kind takes ``labels`` (a :class:`Labels`) and ``options`` (its own frozen
dataclass, e.g. :class:`~smartkorea.charts.TrendOptions`), or the same fields as keywords
(``title=..., subtitle=..., highlight=...``); keywords override the fields of objects passed
alongside. One set of labels or options can so be shared by several charts:

>>> from smartkorea.charts import Labels, TrendOptions
>>> labels = Labels("Korea spends more on R&D", "Gross expenditure on R&D, % of GDP")
>>> options = TrendOptions(mark_year=2019, value_fmt="{:.1f}%")
>>> options.highlight, labels.note
('KOR', None)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import MISSING, dataclass, fields, replace
from typing import Any, TypeVar

__all__ = ["Labels", "resolve"]

Options = TypeVar("Options")


@dataclass(frozen=True)
class Labels:
    """The texts around a chart.

    ``title`` states the finding; ``subtitle`` names the measure and its unit; ``note`` is an
    optional line above the source line; ``sources`` lists source ids for the source line
    when the frame has no ``source_id`` column (default: the frame's own ids).
    """

    title: str
    subtitle: str
    note: str | None = None
    sources: Sequence[str] | None = None


_LABEL_FIELDS = ("title", "subtitle", "note", "sources")


def resolve(kind: str, labels: Labels | None, options: Options | None, options_type: type[Options],
            keywords: Mapping[str, Any]) -> tuple[Labels, Options]:
    """The labels and options of one chart call: objects passed, overridden by keywords.

    Raises:
        TypeError: a keyword that is neither a label nor an option of this kind, a required
            field missing (``title``, ``subtitle``, or e.g. ``panel``), or ``labels`` /
            ``options`` of the wrong type (as Python does for a wrong call).
    """
    option_fields = {f.name for f in fields(options_type)}
    unknown = [k for k in keywords if k not in _LABEL_FIELDS and k not in option_fields]
    if unknown:
        raise TypeError(f"{kind}() got an unexpected keyword argument {unknown[0]!r}")
    if labels is not None and not isinstance(labels, Labels):
        raise TypeError(f"{kind}(): labels must be a charts.Labels, not {type(labels).__name__}")
    if options is not None and not isinstance(options, options_type):
        raise TypeError(f"{kind}(): options must be a charts.{options_type.__name__}, "
                        f"not {type(options).__name__}")
    given_labels = {k: v for k, v in keywords.items() if k in _LABEL_FIELDS}
    given_options = {k: v for k, v in keywords.items() if k in option_fields}
    if labels is None:
        missing = [k for k in ("title", "subtitle") if k not in given_labels]
        if missing:
            raise TypeError(f"{kind}() missing required keyword argument{'s' if len(missing) > 1 else ''}: "
                            + " and ".join(repr(k) for k in missing))
        labels = Labels(**given_labels)
    elif given_labels:
        labels = replace(labels, **given_labels)
    if options is None:
        required = [f.name for f in fields(options_type) if f.name not in given_options
                    and f.default is MISSING and f.default_factory is MISSING]
        if required:
            raise TypeError(f"{kind}() missing required keyword argument: {required[0]!r}")
        options = options_type(**given_options)
    elif given_options:
        options = replace(options, **given_options)
    return labels, options
