"""Executing one notebook for the report: nbclient in a fresh kernel on a private event loop.

Every notebook runs top to bottom in a fresh ``python3`` kernel of the current environment
(this interpreter's ipykernel, whatever kernelspecs the user has), with the notebook's folder
as working directory. The kernels start with PNG and SVG output for every figure
(:data:`KERNEL_ARGUMENTS`, which runs ``kernel_startup.py``) and with
``SMARTKOREA_FIGURE_FORMATS=png,svg`` in their environment. A failure comes back as a
:class:`Failure` naming the cell, never as an exception.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from . import kernel_startup
from .notebook import _join

FIGURE_FORMATS_ENV = "SMARTKOREA_FIGURE_FORMATS"
DEFAULT_TIMEOUT = 600  # seconds per notebook

_STARTUP_FILE = str(Path(kernel_startup.__file__).resolve())

# Command-line configuration of every kernel the report starts: PNG and SVG for every figure,
# no date in SVG metadata; exec_lines run silently (no execution count, no output), here the
# start-up file in a namespace of its own (no name lands in the notebook).
KERNEL_ARGUMENTS = [
    "--InlineBackend.figure_formats=['png', 'svg']",
    "--InlineBackend.print_figure_kwargs={'bbox_inches': 'tight', 'metadata': {'Date': None}}",
    "--IPKernelApp.exec_lines="
    + repr([
        f"exec(compile(__import__('pathlib').Path({_STARTUP_FILE!r}).read_text(encoding='utf-8'), "
        f"{_STARTUP_FILE!r}, 'exec'), "
        f"{{'__name__': {kernel_startup.RUN_NAME!r}}})"
    ]),
]

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass
class Failure:
    """A notebook that could not be executed or rendered."""

    notebook: str  # file name, e.g. "02_broadband.ipynb"
    cell: int | None  # 1-based position among all the notebook's cells; None if not in a cell
    error: str  # one line, e.g. "ZeroDivisionError: division by zero"
    source: str = ""  # the failing cell's code
    details: str = ""  # traceback or kernel log, without colour codes
    seconds: float = 0.0
    code_cell: int | None = None  # 1-based position among the code cells

    @property
    def where(self) -> str:
        if self.cell is None:
            return self.notebook
        code = f" (code cell {self.code_cell})" if self.code_cell is not None else ""
        return f"{self.notebook}, cell {self.cell}{code}"

    def describe(self, max_lines: int = 25) -> str:
        """Several lines for a person: where, what, the cell's code and the traceback."""
        lines = [f"{self.where}: {self.error}"]
        if self.source.strip():
            lines.append("  cell source:")
            lines += ["    " + line for line in self.source.strip("\n").splitlines()[:10]]
        if self.details.strip():
            detail = self.details.strip("\n").splitlines()
            if len(detail) > max_lines:
                detail = ["..."] + detail[-max_lines:]
            lines += ["  " + line for line in detail]
        return "\n".join(lines)

    def __str__(self) -> str:
        return f"{self.where}: {self.error}"


class _Client(NotebookClient):
    """A NotebookClient whose ``python3`` kernel is always this interpreter's ipykernel.

    A user-level ``python3`` kernelspec (``~/.local/share/jupyter/kernels``) could point at
    another Python; an empty ``kernel_dirs`` makes jupyter_client use ipykernel's native spec,
    whose command is ``sys.executable -m ipykernel_launcher``.
    """

    def create_kernel_manager(self):
        self.km = self.kernel_manager_class(
            kernel_name="python3",
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[]),
            config=self.config,
        )
        return self.km


# nbclient logs what we report ourselves (e.g. "Timeout waiting for execute reply"): keep quiet.
_QUIET = logging.getLogger("smartkorea.report.nbclient")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env[FIGURE_FORMATS_ENV] = "png,svg"
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # silences a debugger warning
    return env


def _clean(text: str) -> str:
    return _ANSI.sub("", text)


def _run(coroutine):
    """Run a coroutine on a private event loop, cancelling whatever it leaves behind.

    (After a cell times out nbclient leaves its output-polling task pending; on a shared loop
    it would be reported as "Task was destroyed but it is pending" at exit.)
    """
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(coroutine)
    finally:
        try:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            asyncio.set_event_loop(None)
            loop.close()


def execute_notebook(nb, folder: Path, timeout: float = DEFAULT_TIMEOUT) -> Failure | None:
    """Execute a notebook in place; return a :class:`Failure` (notebook name left empty) or None.

    ``timeout`` bounds the whole notebook: each cell gets the time that is left.
    """
    current: dict[str, int | None] = {"cell": None}
    deadline = time.monotonic() + timeout

    def on_cell_start(cell, cell_index):
        current["cell"] = cell_index

    def cell_timeout(cell):
        return max(1, math.ceil(deadline - time.monotonic()))

    client = _Client(
        nb,
        kernel_name="python3",
        timeout_func=cell_timeout,
        startup_timeout=60,
        extra_arguments=list(KERNEL_ARGUMENTS),
        record_timing=False,
        resources={"metadata": {"path": str(folder)}},
        on_cell_start=on_cell_start,
        log=_QUIET,
        shutdown_kernel="immediate",  # nothing to save; a timed-out kernel may be busy
    )

    def failure(error: str, details: str = "") -> Failure:
        index = current["cell"]
        if index is None:
            return Failure("", None, error, "", _clean(details))
        code = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
        source = _join(nb.cells[index].source)
        return Failure("", index + 1, error, source, _clean(details), code_cell=code or None)

    # The kernel's own log (not the notebook's output) goes to a file, shown only on failure.
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:

        def kernel_log() -> str:
            log.flush()
            log.seek(0)
            return log.read()[-4000:]

        try:
            _run(client.async_execute(env=_kernel_env(), stdout=log, stderr=log))
        except CellExecutionError as exc:
            # nbclient's message repeats the cell between two rules, then the traceback
            parts = exc.traceback.split("------------------\n", 2)
            return failure(f"{exc.ename}: {exc.evalue}", parts[-1].strip("\n"))
        except CellTimeoutError:
            return failure(f"timed out: the notebook took longer than {timeout:g} s")
        except DeadKernelError:
            return failure("the kernel died", kernel_log())
        except Exception as exc:  # kernel failed to start, invalid notebook, ...
            return failure(f"{type(exc).__name__}: {exc}", kernel_log())
    return None
