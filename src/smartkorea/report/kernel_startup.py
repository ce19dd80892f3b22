"""Run in every report kernel at start-up: reproducible SVGs and figure formatters.

Not imported by smartkorea: the report's kernels execute this file silently at start
(``IPKernelApp.exec_lines``, see :data:`smartkorea.report.execute.KERNEL_ARGUMENTS`) in a
namespace of its own, so no name lands in the notebook. It fixes matplotlib's SVG id salt,
so exported SVGs are reproducible, and registers PNG and SVG display formatters for matplotlib
figures shown without pyplot, like smartkorea.charts' (a figure's own ``_repr_png_`` /
``_repr_svg_`` wins when it returns something). Figures shown through pyplot's inline backend
get both formats from the kernel's InlineBackend options instead.
"""

import io

RUN_NAME = "smartkorea_report_startup"  # the __name__ the kernel runs this file under


def formatter(fmt, method, metadata):
    """A display formatter writing a figure as ``fmt`` (PNG bytes or SVG text)."""

    def render(fig):
        own = getattr(fig, method, None)
        data = own() if own is not None else None
        if data is not None:
            return data
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, metadata=metadata)
        data = buf.getvalue()
        return data.decode("utf-8") if fmt == "svg" else data

    return render


def install() -> None:
    """Set the SVG salt and register the formatters in the running IPython kernel."""
    import matplotlib
    from IPython import get_ipython

    matplotlib.rcParams["svg.hashsalt"] = "smartkorea"
    formatters = get_ipython().display_formatter.formatters
    formatters["image/png"].for_type_by_name(
        "matplotlib.figure", "Figure", formatter("png", "_repr_png_", {}))
    formatters["image/svg+xml"].for_type_by_name(
        "matplotlib.figure", "Figure", formatter("svg", "_repr_svg_", {"Date": None}))


if __name__ == RUN_NAME:
    install()
