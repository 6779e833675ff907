"""The staff queue at any size: pages walked by cursor give every matching intake once,
in the queue's order (today first, urgent at the top, newest first), whatever is
stored meanwhile; every query a page runs is served by an index (issue 21: at 100,000
intakes the queue sorted the whole table on every page, with an offset scan for a
deep page)."""

from __future__ import annotations

import random
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from intake_bot.records.tickets import ALPHABET
from intake_bot.store import queue
from intake_bot.store.queue import Filters, local_midnight
from intake_bot.store.store import Store
from tests.staff.conftest import make_intake

OUTCOMES = ("routine", "specialist", "specialist_urgent")


@pytest.fixture(scope="module")
def made() -> dict[str, object]:
    """One intake per outcome, copied below with other ids, codes and times."""
    return {outcome: make_intake("KAA-AAA", outcome) for outcome in OUTCOMES}


def _code(n: int) -> str:
    letters = []
    for _ in range(6):
        n, digit = divmod(n, len(ALPHABET))
        letters.append(ALPHABET[digit])
    return "".join(letters[:3]) + "-" + "".join(letters[3:])


def _fill(store: Store, made: dict, count: int, seed: int) -> list:
    rng = random.Random(seed)
    midnight = local_midnight()
    now = datetime.now(UTC)
    kept = []
    moments = [now - timedelta(minutes=m) for m in (0, 1, 1, 5)]  # ties on purpose
    moments = [m for m in moments if m >= midnight] or [midnight]
    for n in range(count):
        if rng.random() < 0.3:
            finished = rng.choice(moments)
        else:
            finished = midnight - timedelta(hours=rng.choice([1, 1, 30, 200, 2000]))
        intake = made[rng.choice(OUTCOMES)].model_copy(
            update={
                "id": uuid.uuid4(),
                "ticket": _code(n * 7919 + seed),
                "finished_at": finished,
                "status": rng.choice(["new", "reviewed"]),
                "front_door": rng.choice(["kiosk", "self", "staff"]),
            }
        )
        kept.append(store.add(intake))
    return kept


def _expected(intakes: list, filters: Filters) -> list[str]:
    midnight = local_midnight()

    def matches(i) -> bool:
        return (
            (filters.status is None or i.status == filters.status)
            and (filters.front_door is None or i.front_door == filters.front_door)
            and (filters.outcome is None or i.triage.outcome == filters.outcome)
            and i.ticket.replace("-", "").startswith(filters.ticket.replace("-", ""))
        )

    def order(i) -> tuple:
        today = i.finished_at >= midnight
        urgent = i.triage.severity >= 3
        return (not today, not urgent, -i.finished_at.timestamp(), i.ticket)

    return [i.ticket for i in sorted(filter(matches, intakes), key=order)]


def _walk(store: Store, filters: Filters, limit: int) -> tuple[list[str], list[int]]:
    seen: list[str] = []
    totals: list[int] = []
    after = None
    while True:
        page = queue.page(store, filters, after=after, limit=limit)
        seen += [row.ticket for row in page.rows]
        totals.append(page.total)
        if page.next is None:
            return seen, totals
        assert len(page.rows) == limit
        after = page.next


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(status="new"),
        Filters(front_door="kiosk"),
        Filters(outcome="specialist_urgent"),
        Filters(status="reviewed", front_door="self"),
    ],
    ids=["all", "status", "door", "outcome", "two"],
)
def test_walking_every_page_gives_each_intake_once_in_order(db_url, made, filters):
    with Store(db_url) as store:
        intakes = _fill(store, made, 60, seed=3)
        expected = _expected(intakes, filters)
        seen, totals = _walk(store, filters, limit=7)
        assert seen == expected
        assert set(totals) == {len(expected)}


def test_a_ticket_prefix_finds_by_index_on_both_engines(db_url, made):
    with Store(db_url) as store:
        intakes = _fill(store, made, 30, seed=5)
        target = intakes[11].ticket
        for typed in (target[:2].lower(), target[:3], target[:5].replace("-", " ")):
            found = [r.ticket for r in queue.page(store, Filters(ticket=typed)).rows]
            assert target in found
            assert found == _expected(intakes, Filters(ticket=typed.upper().replace(" ", "-")))


def test_intakes_stored_between_pages_never_shift_the_next_page(db_url, made):
    with Store(db_url) as store:
        intakes = _fill(store, made, 20, seed=7)
        first = queue.page(store, Filters(), limit=8)
        # three urgent intakes arrive now: they go to the top, not into page two
        for n in range(3):
            store.add(
                made["specialist_urgent"].model_copy(
                    update={"id": uuid.uuid4(), "ticket": _code(90_000 + n)}
                )
            )
        second = queue.page(store, Filters(), after=first.next, limit=8)
        expected = _expected(intakes, Filters())
        assert [r.ticket for r in first.rows + second.rows] == expected[:16]
        assert second.total == 23


def test_every_query_of_a_page_is_served_by_an_index(tmp_path, made):
    """SQLite's own plan: no query of the queue scans the intakes table or sorts it."""
    with Store(f"sqlite:///{tmp_path / 'q.sqlite3'}") as store:
        _fill(store, made, 40, seed=11)
        with store.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        statements: list[tuple[str, tuple]] = []

        def seen(_conn, _cursor, statement, parameters, _context, _many) -> None:
            if statement.lstrip().upper().startswith("SELECT"):
                statements.append((statement, parameters))

        sa.event.listen(store.engine, "before_cursor_execute", seen)
        first = queue.page(store, Filters(), limit=5)
        for filters in (
            Filters(status="new"),
            Filters(front_door="self"),
            Filters(outcome="routine"),
            Filters(ticket="AC"),
            Filters(days=7),
        ):
            queue.page(store, filters, limit=5)
        queue.page(store, Filters(), after=first.next, limit=5)
        sa.event.remove(store.engine, "before_cursor_execute", seen)
        raw = store.engine.raw_connection()
        try:
            for statement, parameters in statements:
                plan = [
                    row[-1]
                    for row in raw.cursor().execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
                ]
                for step in plan:
                    assert not re.fullmatch(r"SCAN intakes", step), (statement, plan)
                    assert "TEMP B-TREE FOR ORDER BY" not in step, (statement, plan)
        finally:
            raw.close()
