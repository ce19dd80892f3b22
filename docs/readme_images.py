"""Write the README's two pictures from the executed notebooks: ``make readme-images``.

- ``docs/images/chart.png``: the first chart of ``notebooks/01_innovation_leader.ipynb``, as the
  notebook shows it;
- ``docs/images/table.png``: the first reader table of ``notebooks/07_then_and_now.ipynb``, drawn
  by headless Chromium (Debian's ``chromium``) and trimmed to the table.

Nothing is computed here: both come from the committed notebook outputs, so the pictures show
exactly what a reader of the notebooks sees. Re-run after ``make notebooks``.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def outputs(notebook: str, mime: str) -> list[str]:
    nb = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {}).get(mime)
            if data:
                found.append(data if isinstance(data, str) else "".join(data))
    return found


def trim(path: Path, margin: int = 12) -> None:
    image = Image.open(path).convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box:
        left, top, right, bottom = box
        image.crop((max(0, left - margin), max(0, top - margin), min(image.width, right + margin),
                    min(image.height, bottom + margin))).save(path, optimize=True)


def main() -> int:
    from smartkorea.report.pdf import find_chromium

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "chart.png").write_bytes(base64.b64decode(outputs("01_innovation_leader.ipynb", "image/png")[0]))
    chromium = find_chromium()
    if chromium is None:
        print("no Chromium: docs/images/table.png not redrawn (apt-get install chromium)", file=sys.stderr)
        return 1
    table = next(h for h in outputs("07_then_and_now.ipynb", "text/html") if "<table" in h)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "table.html"
        page.write_text("<!doctype html><meta charset='utf-8'><body style='margin:16px;background:#fff;"
                        f"font-family:DejaVu Sans,sans-serif;width:1060px'>{table}</body>", encoding="utf-8")
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp}/profile", "--window-size=1100,1400",
                        f"--screenshot={OUT / 'table.png'}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
    trim(OUT / "table.png")
    print(f"wrote {OUT / 'chart.png'} and {OUT / 'table.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
