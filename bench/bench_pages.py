"""Every page a user visits (bench/targets.py), timed against the floor over HTTP.

gunicorn runs with the production gunicorn.conf.py on the seeded PostgreSQL and Redis, with
DJANGO_BENCH=1 (the floor page /bench/floor/ and the X-Bench-Queries header). After a warm-up,
each round visits every page in a shuffled order, each right after the floor page, so both see
the same machine; BENCH_ROUNDS (50) rounds. A page passes when its median is within 3× the
floor's median, its p95 within 5× the floor's p95, it is at most 150 KB and answered as
expected.

    make bench                      # all benchmarks
    BENCH_ONLY="course list" .venv/bin/python bench/bench_pages.py   # pages whose name contains it
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter, defaultdict

from harness import Client, Gunicorn, Result, ensure_database, forget_registrations, median, percentile, save_results

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))
WARMUP = 3
ONLY = os.environ.get("BENCH_ONLY", "")
UNLIMITED = dict.fromkeys(
    ("ENQUIRY_RATE_LIMIT", "ENQUIRY_POST_RATE_LIMIT", "SIGNUP_RATE_LIMIT", "SIGNUP_POST_RATE_LIMIT"), "100000/h"
)


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from targets import MAX_BYTES, MAX_RATIO_MEDIAN, MAX_RATIO_P95, PAGES, Page, misses, pick

    from demo.scale.trainings import PASSWORD

    pages = [page for page in PAGES if ONLY.lower() in page.name.lower()]
    run = time.strftime("%Y%m%d%H%M%S")
    picks = pick(ROUNDS + WARMUP, run)
    floor = Page("floor", "coordinator", lambda p: "/bench/floor/")
    # The public forms' rate limits count every post from one address, and the sign-up posts go
    # to one training: the benchmark posts more than they allow.
    with Gunicorn(env={**UNLIMITED, "WAITLIST_MAX": "100000"}) as server:
        clients: dict[str | None, Client] = {None: Client(server.port)}
        # Only the roles of the pages timed: a code of the authenticator app is accepted once, so
        # two benchmarks logging in the same administrator at once refuse each other's second step.
        roles = {floor.role} | {page.role for page in pages}
        for role, email in picks.users.items():
            if role not in roles:
                continue
            clients[role] = Client(server.port)
            clients[role].login(email, PASSWORD)
        posts: dict[str, tuple[Client, str]] = {}
        counters: dict[str, int] = defaultdict(int)

        def visit(page: Page):
            if page.form is None:
                return clients[page.role].get(page.url(picks))
            picks.round = counters[page.name]
            counters[page.name] += 1
            url = page.url(picks)
            if page.name not in posts:
                client = Client(server.port)
                posts[page.name] = (client, client.get(url).csrf_token())
            client, token = posts[page.name]
            return client.post(url, {"csrfmiddlewaretoken": token, **page.form(picks, picks.round)})

        samples: dict[str, list] = defaultdict(list)
        statuses: dict[str, Counter] = defaultdict(Counter)
        for page in [floor, *pages]:
            for _ in range(WARMUP):
                statuses[page.name][visit(page).status] += 1
        rng = random.Random(1)  # noqa: S311
        start = time.perf_counter()
        for n in range(ROUNDS):
            order = pages[:]
            rng.shuffle(order)
            for page in order:
                samples["floor"].append(visit(floor))
                response = visit(page)
                samples[page.name].append(response)
                statuses[page.name][response.status] += 1
            if n % 10 == 9:
                print(f"  round {n + 1}/{ROUNDS}, {time.perf_counter() - start:.0f} s", flush=True)

    # The sign-ups posted here, gone again: each run times the same course (bench/harness.py).
    from participants.models import Registration

    forget_registrations(Registration.objects.filter(participant__email__startswith=f"bench.signup.{run}."))
    floor_statuses = statuses["floor"] + Counter(r.status for r in samples["floor"])
    if set(floor_statuses) != {200}:
        raise SystemExit(f"the floor page answered {dict(floor_statuses)}: is DJANGO_BENCH=1 set?")
    floor_times = [r.seconds for r in samples["floor"]]
    floor_median, floor_p95 = median(floor_times), percentile(floor_times, 0.95)
    rows = []
    header = f"{'page':<34} {'median':>9} {'p95':>9} {'queries':>8} {'KB':>7} {'×floor':>7} {'×p95':>6}  result"
    print(header)
    print("-" * len(header))
    print(
        f"{'floor':<34} {floor_median * 1000:7.1f}ms {floor_p95 * 1000:7.1f}ms "
        f"{_queries(samples['floor']):>8} {len(samples['floor'][0].body) / 1024:7.1f} {1:7.2f} {1:6.2f}"
    )
    for page in pages:
        responses = samples[page.name]
        times = [r.seconds for r in responses]
        page_median, page_p95 = median(times), percentile(times, 0.95)
        size = max(len(r.body) for r in responses)
        ratio, ratio_p95 = page_median / floor_median, page_p95 / floor_p95
        missed = misses(page, statuses[page.name], ratio=ratio, ratio_p95=ratio_p95, size=size)
        queries = _queries(responses)
        print(
            f"{page.name:<34} {page_median * 1000:7.1f}ms {page_p95 * 1000:7.1f}ms {queries:>8} "
            f"{size / 1024:7.1f} {ratio:7.2f} {ratio_p95:6.2f}  {'pass' if not missed else 'MISS: ' + '; '.join(missed)}"
        )
        rows.append(
            Result(
                page.name,
                "page",
                not missed,
                f"median ≤ {MAX_RATIO_MEDIAN:g}× floor, p95 ≤ {MAX_RATIO_P95:g}× floor p95, ≤ {MAX_BYTES // 1024} KB",
                {
                    "method": page.method,
                    "role": page.role,
                    "median_ms": round(page_median * 1000, 2),
                    "p95_ms": round(page_p95 * 1000, 2),
                    "queries": queries,
                    "bytes": size,
                    "ratio_median": round(ratio, 2),
                    "ratio_p95": round(ratio_p95, 2),
                    "floor_median_ms": round(floor_median * 1000, 2),
                    "floor_p95_ms": round(floor_p95 * 1000, 2),
                    "rounds": len(responses),
                    "statuses": {str(k): v for k, v in sorted(statuses[page.name].items())},
                    "misses": missed,
                },
            )
        )
    save_results(rows, replace_kind=None if ONLY else "page")
    failed = [row.name for row in rows if not row.passed]
    print(f"\n{len(rows) - len(failed)} of {len(rows)} pages within the targets.")


def _queries(responses) -> str:
    counts = {r.queries for r in responses}
    low, high = min(counts, default=None), max(counts, default=None)
    return "?" if low is None else str(low) if low == high else f"{low}–{high}"


if __name__ == "__main__":
    main()
