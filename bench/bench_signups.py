"""200 people sign up for one training at the same moment, over HTTP.

A confirmed training (two accepted facilitators, sign-up link open) is booked on the seeded
database, three years ahead where nobody is busy. 200 clients, each from its own address, load
the form, wait for each other, and post at once to gunicorn (production gunicorn.conf.py).
Targets (issue 13): p95 of the answers ≤ 2 s, none refused (every answer a redirect to the
confirmation page), exactly 20 confirmed and 180 on the waitlist.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import date, datetime, timedelta
from datetime import time as clock

from harness import Client, Gunicorn, Result, ensure_database, forget_course, median, percentile, save_results

PEOPLE = int(os.environ.get("BENCH_SIGNUPS", "200"))
MAX_P95 = 2.0


def book_course():
    """A confirmed training with its sign-up link open, through the services as a coordinator
    would book it."""
    from django.utils import timezone

    from accounts.models import User
    from sessions_app import services
    from sessions_app.models import Course, Facilitator, Workplace

    coordinator = User.objects.get(email="coordinator1@seed.example.org")
    workplace = Workplace.objects.order_by("pk").first()
    # Three years ahead, where no seeded training is, a fortnight per run: each run's Mondays
    # (half-day 2 a week after half-day 1) never meet an earlier run's, whose facilitators are
    # the same.
    start = date.today() + timedelta(days=3 * 365)
    start -= timedelta(days=start.weekday())
    day = start + timedelta(days=14 * Course.objects.filter(notes="bench signups").count())
    second = day + timedelta(days=7)

    def at(d: date, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(d, clock(hour)))

    course = services.course_create(
        workplace=workplace,
        coordinator=coordinator,
        location="Bench room",
        notes="bench signups",
        half_days=[services.HalfDayPlan(at(day, 8), at(day, 12)), services.HalfDayPlan(at(second, 8), at(second, 12))],
    )
    for facilitator in Facilitator.objects.order_by("pk")[:2]:
        services.assignment_accept(services.facilitator_assign(course, facilitator))
    course = services.course_confirm(Course.objects.get(pk=course.pk))
    return services.course_set_signup_open(course, is_open=True)


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.urls import reverse

    from participants.models import Registration

    course = book_course()
    url = reverse("participants:signup", args=[course.signup_token])
    # Each person from an address of their own (RATELIMIT_IP_META_KEY), and everyone gets a place
    # or a place in line (WAITLIST_MAX): a refused sign-up is a miss.
    env = {"RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP", "WAITLIST_MAX": str(PEOPLE)}
    with Gunicorn(env=env) as server:
        clients = [Client(server.port, remote_addr=f"10.9.{n // 250}.{n % 250 + 1}") for n in range(PEOPLE)]
        tokens = [client.get(url).csrf_token() for client in clients]
        barrier = threading.Barrier(PEOPLE)
        answers: list = [None] * PEOPLE

        def sign_up(n: int) -> None:
            data = {
                "csrfmiddlewaretoken": tokens[n],
                "name": f"Bench Signup {n}",
                "email": f"bench.storm.{course.pk}.{n}@seed.example.org",
                "perspective": "staff",
                "language": "sv",
                "consent": "on",
            }
            barrier.wait()
            try:
                answers[n] = clients[n].post(url, data)
            except OSError as error:
                answers[n] = error

        threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(PEOPLE)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - start

    answered = [a for a in answers if not isinstance(a, Exception) and a is not None]
    redirected = [a for a in answered if a.status == 302]
    refused = PEOPLE - len(redirected)
    times = [a.seconds for a in answered]
    statuses = list(Registration.objects.filter(course=course).values_list("status", flat=True))
    forget_course(course)
    confirmed = sum(1 for s in statuses if s == "confirmed")
    waitlisted = sum(1 for s in statuses if s == "waitlisted")
    p50, p95 = median(times), percentile(times, 0.95)
    passed = p95 <= MAX_P95 and refused == 0 and confirmed == 20 and waitlisted == PEOPLE - 20
    print(
        f"{PEOPLE} simultaneous sign-ups in {wall:.1f} s: p50 {p50:.2f} s, p95 {p95:.2f} s, max {max(times):.2f} s; "
        f"refused {refused}; confirmed {confirmed}, waitlisted {waitlisted} — {'pass' if passed else 'MISS'}"
    )
    save_results(
        [
            Result(
                f"{PEOPLE} simultaneous sign-ups",
                "signups",
                passed,
                f"p95 ≤ {MAX_P95:g} s, none refused, exactly 20 confirmed",
                {
                    "p50_s": round(p50, 3),
                    "p95_s": round(p95, 3),
                    "max_s": round(max(times), 3),
                    "wall_s": round(wall, 2),
                    "refused": refused,
                    "confirmed": confirmed,
                    "waitlisted": waitlisted,
                },
            )
        ]
    )


if __name__ == "__main__":
    main()
