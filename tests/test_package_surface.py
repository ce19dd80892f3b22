"""The package's surface: ``from smartkorea import *`` needs only pandas and matplotlib, and
every docstring example runs (doctests are part of ``make test``)."""

from __future__ import annotations

import doctest
import importlib
import json
import pkgutil
import subprocess
import sys
import textwrap

import pytest

import smartkorea

# Run in a fresh interpreter with the notebook extras (and the test tools) hidden, as in a venv
# that has only smartkorea's own dependencies.
_STAR_IMPORT = textwrap.dedent("""
    import json, sys
    from importlib.abc import MetaPathFinder

    HIDDEN = {"nbclient", "nbconvert", "nbformat", "jupyter_client", "jupyter_core", "ipykernel",
              "IPython", "jupyterlab", "nbval", "frictionless", "hypothesis", "pytest"}

    class Hide(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in HIDDEN:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, Hide())
    namespace = {}
    exec("from smartkorea import *", namespace)
    try:
        import smartkorea.report
        report = "imported"
    except ModuleNotFoundError as exc:
        report = exc.name
    print(json.dumps({"names": sorted(k for k in namespace if not k.startswith("__")),
                      "report": report,
                      "hidden_loaded": sorted(m for m in sys.modules if m.partition(".")[0] in HIDDEN)}))
""")


def test_star_import_needs_only_pandas_and_matplotlib():
    out = subprocess.run([sys.executable, "-c", _STAR_IMPORT], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["names"] == sorted(smartkorea.__all__)
    assert {"load", "cite", "charts", "money"} <= set(result["names"])
    assert "report" not in result["names"] and "cli" not in result["names"]
    assert result["hidden_loaded"] == []
    # the extras really were hidden: the report (which needs them) cannot be imported
    assert result["report"] in {"nbformat", "nbconvert", "nbclient", "jupyter_client"}


def test_tooling_modules_stay_reachable_by_attribute():
    assert smartkorea.cli.main is importlib.import_module("smartkorea.cli").main
    assert "report" in dir(smartkorea) and "report" not in smartkorea.__all__


# --------------------------------------------------------------------------- doctests

_MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(smartkorea.__path__, "smartkorea.")
    if not name.endswith("__main__")  # importing it would run the command line
)
_NEEDS_EXTRAS = ("smartkorea.report",)


@pytest.mark.parametrize("name", _MODULES)
def test_docstring_examples_run(name, tmp_path, monkeypatch):
    if name.startswith(_NEEDS_EXTRAS):
        pytest.importorskip("nbclient", reason=f"{name} needs the notebook extras")
    monkeypatch.chdir(tmp_path)  # an example that writes files writes them here
    module = importlib.import_module(name)
    tests = doctest.DocTestFinder(exclude_empty=True).find(module, name)
    examples = sum(len(t.examples) for t in tests)
    source = importlib.util.find_spec(name).origin
    with open(source, encoding="utf-8") as fh:
        written = fh.read().count(">>> ")
    assert examples >= written, f"{name}: {written} examples written, {examples} found"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in tests:
        runner.run(test, out=lambda text: None)
        assert runner.failures == 0, _report(test)
    skipped = [f"{t.name} line {t.lineno + e.lineno + 1}" for t in tests for e in t.examples
               if e.options.get(doctest.SKIP)]
    # every example runs (one that writes files writes them under tmp_path, above)
    assert not skipped, f"{name}: docstring example(s) marked +SKIP: {', '.join(skipped)}"


def _report(test: doctest.DocTest) -> str:
    """The failing example's own report, re-run verbosely."""
    lines: list[str] = []
    doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE).run(
        test, out=lines.append)
    return "".join(lines)
