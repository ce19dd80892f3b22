"""smartkorea.session: freezing the start-up objects is opt-in and takes only what exists then."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import gc, json
import smartkorea as sk
from smartkorea import charts, session
after_import = gc.get_freeze_count()
session.freeze_imports()
frozen = gc.get_freeze_count()
later = [[i] for i in range(1000)]  # containers made afterwards stay with the collector
tracked_later = gc.is_tracked(later[0])
still = gc.get_freeze_count()
gc.unfreeze()
print(json.dumps({"after_import": after_import, "frozen": frozen, "still": still,
                  "tracked_later": tracked_later, "thawed": gc.get_freeze_count()}))
"""


def _probe() -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_smartkorea_leaves_the_garbage_collector_alone():
    assert _probe()["after_import"] == 0


def test_freeze_imports_takes_what_exists_then_and_nothing_made_later():
    got = _probe()
    assert got["frozen"] > 10_000  # the imported modules' objects
    assert got["still"] == got["frozen"]
    assert got["tracked_later"] is True
    assert got["thawed"] == 0
