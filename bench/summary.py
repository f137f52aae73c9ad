"""Print every target of bench/results.json and exit 1 when one missed (the end of `make bench`)."""

from __future__ import annotations

import json
import sys

from harness import RESULTS


def main() -> int:
    rows = json.loads(RESULTS.read_text())["results"]
    missed = [row for row in rows if not row["passed"]]
    print(f"\n== {len(rows) - len(missed)} of {len(rows)} targets met ({RESULTS.relative_to(RESULTS.parents[1])})")
    for row in missed:
        detail = "; ".join(row["measured"].get("misses", [])) or json.dumps(row["measured"], ensure_ascii=False)
        print(f"  MISS {row['kind']:<9} {row['name']}: {detail}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
