"""Seed the benchmark database (``manage.py seed_scale``) unless it already holds the same data
set, and record how long seeding took: one target is "under 5 minutes at scale 1".

    BENCH_SCALE=1 BENCH_SEED=1 make bench      # the defaults; BENCH_RESEED=1 seeds again
"""

from __future__ import annotations

import json
import os
import time
from datetime import date

from harness import SEED_STATE, Result, database_name, ensure_database, save_results

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
SEED = int(os.environ.get("BENCH_SEED", "1"))
LIMIT_SECONDS = 300
MAX_AGE_DAYS = 30  # older data has drifted from "today": trainings ahead have become past


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    from demo.scale.steps import STEPS

    call_command("migrate", verbosity=0)
    wanted = {"database": database_name(), "scale": SCALE, "seed": SEED, "steps": [s.name for s in STEPS]}
    state = json.loads(SEED_STATE.read_text()) if SEED_STATE.exists() else {}
    fresh = date.fromisoformat(state.get("today", "2000-01-01"))
    current = {k: state.get(k) for k in wanted} == wanted and (date.today() - fresh).days <= MAX_AGE_DAYS
    if current and not os.environ.get("BENCH_RESEED"):
        print(
            f"The database {wanted['database']} holds the data set of {state['today']} (seeded in {state['seconds']:.0f} s)."
        )
    else:
        start = time.perf_counter()
        call_command("seed_scale", scale=SCALE, seed=SEED, flush=True, today=date.today())
        state = {**wanted, "today": date.today().isoformat(), "seconds": time.perf_counter() - start}
        SEED_STATE.parent.mkdir(parents=True, exist_ok=True)
        SEED_STATE.write_text(json.dumps(state, indent=1) + "\n")
    seconds = state["seconds"]
    save_results(
        [
            Result(
                f"seeding at scale {SCALE:g}",
                "seed",
                SCALE != 1 or seconds <= LIMIT_SECONDS,
                f"under {LIMIT_SECONDS} s at scale 1",
                {"seconds": round(seconds, 1), "scale": SCALE},
            )
        ],
        replace_kind="seed",
    )


if __name__ == "__main__":
    main()
