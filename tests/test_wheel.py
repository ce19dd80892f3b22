"""The data ships inside the wheel: install it in a fresh venv, load every dataset from elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

import smartkorea as sk

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the sdist, then the wheel from the sdist (so what the sdist leaves out shows up)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (whl,) = out.glob("smartkorea-*.whl")
    return whl


def test_wheel_installed_in_a_clean_venv_loads_every_dataset(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    site = Path(
        subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                       check=True, capture_output=True, text=True).stdout.strip()
    )
    # dependencies (pandas, ...) come from this test environment; smartkorea itself from the
    # wheel only: a plain path line in a .pth does not run this environment's editable hook
    (site / "_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps",
         "--no-index", "--quiet", str(wheel)],
        check=True, capture_output=True, text=True,
    )
    code = (
        "import smartkorea as sk, pathlib\n"
        "assert 'site-packages' in sk.__file__, sk.__file__\n"
        "assert sk.data_dir().is_relative_to(pathlib.Path(sk.__file__).parent), sk.data_dir()\n"
        "names = sk.catalog.names()\n"
        "for n in names: assert len(sk.load(n)) > 0, n\n"
        "import importlib.util\n"
        "spec = importlib.util.find_spec('smartkorea.report.kernel_startup')\n"
        "assert spec and 'site-packages' in spec.origin, spec  # the report kernels run this file\n"
        "print(len(names), sk.load('rd_intensity').shape[0])\n"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    out = subprocess.run([str(py), "-c", code], cwd=elsewhere, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    n_datasets, n_rows = map(int, out.stdout.split())
    assert n_datasets == len(sk.catalog.names())
    assert n_rows == len(sk.load("rd_intensity"))
