"""Copy the front-end files the portal serves from node_modules (installed by `npm ci`) into static/vendor/.

static/vendor/ is not in git: its content comes from the npm registry, pinned by package-lock.json.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "bootstrap/dist/css/bootstrap.min.css": "bootstrap/css/bootstrap.min.css",
    "bootstrap/dist/css/bootstrap.min.css.map": "bootstrap/css/bootstrap.min.css.map",
    "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/js/bootstrap.bundle.min.js",
    "bootstrap/dist/js/bootstrap.bundle.min.js.map": "bootstrap/js/bootstrap.bundle.min.js.map",
    "axe-core/axe.min.js": "axe-core/axe.min.js",
}


def main() -> int:
    missing = [src for src in FILES if not (ROOT / "node_modules" / src).is_file()]
    if missing:
        print("vendor_assets: missing in node_modules (run `npm ci` first): " + ", ".join(missing), file=sys.stderr)
        return 1
    for src, dst in FILES.items():
        target = ROOT / "static" / "vendor" / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "node_modules" / src, target)
    print(f"vendor_assets: {len(FILES)} files in static/vendor/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
