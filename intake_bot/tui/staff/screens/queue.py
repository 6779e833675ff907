"""The queue: today's intakes first, urgent ones at the top; filters; find by ticket.

Only a page of rows is ever in the table: filtering, ordering and paging happen in the
database (:mod:`intake_bot.store.queue`), in worker threads. The page is looked at
again every ``POLL`` seconds (and at once on PostgreSQL's notification), so intakes
from the kiosks appear without a restart.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Select, Static

from intake_bot.errors import StoreError
from intake_bot.store.queue import Cursor, Filters, QueuePage, QueueRow
from intake_bot.terminal import visible
from intake_bot.tui.staff import words

if TYPE_CHECKING:
    from intake_bot.tui.staff.app import StaffApp

PAGE = 100  # rows in the table at a time (DataTable: about 8 ms for 1,000)
POLL = 2.0  # seconds between looks for new or changed intakes
ANY = "any"


def _options(choices: tuple[tuple[str, Any], ...]) -> list[tuple[str, str]]:
    return [(label, ANY if value is None else str(value)) for label, value in choices]


class QueueScreen(Screen[None]):
    """The console's home. ``filters`` (reactive) decides what the table shows."""

    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("slash", "find", "Find ticket"),
        Binding("o", "cycle('outcome')", "Outcome"),
        Binding("t", "cycle('status')", "Status"),
        Binding("d", "cycle('date')", "Date"),
        Binding("f", "cycle('door')", "Door"),
        Binding("x", "clear_filters", "Clear"),
        Binding("s", "screen_patient", "Screen a patient"),
        Binding("n", "page(1)", "Next page"),
        Binding("p", "page(-1)", "Prev page"),
        Binding("ctrl+l", "app.lock", "Lock"),
    ]

    app: StaffApp
    filters: reactive[Filters] = reactive(Filters, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.row_offset = 0  # rows paged past, for "101-200 of N"
        self.row_after: Cursor | None = None  # where this page starts (keyset paging)
        self._back: list[tuple[Cursor | None, int]] = []  # the pages before, to go back
        self.page: QueuePage | None = None
        self.painted = 0  # pages painted so far (tests and the bench wait on it)
        self._generation = 0
        self._fingerprint: tuple[object, ...] | None = None
        self._polling = False
        self._started = False
        self._stop = threading.Event()

    def compose(self) -> ComposeResult:
        yield Static(Text("Intakes"), id="queue-title")
        with Horizontal(id="filters"):
            yield Input(placeholder="/ ticket", id="find", max_length=8, compact=True)
            outcomes = [(o, o) for o in self.app.desk.outcomes]
            yield Select(
                [("any outcome", ANY), *outcomes],
                value=ANY,
                allow_blank=False,
                id="outcome",
                compact=True,
            )
            yield Select(
                _options(words.STATUS_CHOICES),
                value=ANY,
                allow_blank=False,
                id="status",
                compact=True,
            )
            yield Select(
                _options(words.DATE_CHOICES), value=ANY, allow_blank=False, id="date", compact=True
            )
            yield Select(
                _options(words.DOOR_CHOICES), value=ANY, allow_blank=False, id="door", compact=True
            )
        yield DataTable(id="queue", cursor_type="row", zebra_stripes=True)
        yield Static(Text("Loading..."), id="queue-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#queue", DataTable)
        reasons = max(14, self.app.size.width - 68)
        for label, key, width in (
            (words.URGENT_MARK, "mark", 2),
            ("ticket", "ticket", 7),
            ("time", "time", 11),
            ("door", "door", 5),
            ("outcome", "outcome", 17),
            ("reasons", "reasons", reasons),
            ("status", "status", 8),
        ):
            table.add_column(Text(label), key=key, width=width)
        table.focus()

    def on_screen_resume(self) -> None:
        """Uncovered: by the first sign-in (the first page is fetched, the polling
        starts), or by a sign-in after the lock (a different person, perhaps)."""
        self.start()

    def start(self) -> None:
        """Show who is signed in; the first time, fetch the first page and start polling.
        Nothing is fetched before someone has signed in."""
        if self.app.user is None:
            return
        self.query_one("#queue-title", Static).update(
            Text(f"Intakes · signed in as {visible(self.app.user)}")
        )
        if self._started:
            return
        self._started = True
        self.load()
        self.set_interval(POLL, self.poll)
        store = self.app.desk.store
        if store.engine.dialect.name == "postgresql":
            from intake_bot.store.queue import listen

            # A thread of its own, not a worker: it waits on the server for as long as
            # the queue is up, and must never hold up the app's exit (daemon).
            threading.Thread(
                target=listen, args=(store, self._stop, self._notified), daemon=True
            ).start()

    def on_unmount(self) -> None:
        self._stop.set()

    # -- loading ----------------------------------------------------------------------
    def watch_filters(self) -> None:
        self.row_offset, self.row_after, self._back = 0, None, []
        self.load()

    def load(self) -> None:
        """Fetch the page for the filters and offset now (the latest asked wins)."""
        self._generation += 1
        generation, filters, after, offset, desk = (
            self._generation,
            self.filters,
            self.row_after,
            self.row_offset,
            self.app.desk,
        )

        def fetch() -> None:
            try:
                page = desk.page(filters, after=after, offset=offset, limit=PAGE)
            except StoreError as error:
                self.app.call_from_thread(self._problem, str(error))
                return
            self.app.call_from_thread(self._show, generation, page)

        self.run_worker(fetch, thread=True, group="queue", name="queue")

    def _show(self, generation: int, page: QueuePage) -> None:
        if generation != self._generation:
            return  # a later filter or page is on its way
        table = self.query_one("#queue", DataTable)
        keep = self.current_ticket()
        index = table.cursor_row
        self.page = page
        table.clear()
        for row in page.rows:
            table.add_row(*self._cells(row), key=row.ticket)
        tickets = [row.ticket for row in page.rows]
        if keep in tickets:
            table.move_cursor(row=tickets.index(keep), animate=False)
        elif tickets:
            table.move_cursor(row=min(index, len(tickets) - 1), animate=False)
        self._say_status()
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self.painted += 1

    @staticmethod
    def _cells(row: QueueRow) -> list[Text]:
        when = row.finished_at.astimezone()
        time = when.strftime("%H:%M") if row.today else when.strftime("%m-%d %H:%M")
        reasons = "; ".join(row.reasons[:2]) or "-"
        return [
            Text(words.URGENT_MARK if row.urgent else "", style="bold red" if row.urgent else ""),
            Text(row.ticket),
            Text(time),
            Text(visible(row.front_door)),
            Text(visible(row.outcome), style="bold" if row.urgent else ""),
            Text(visible(reasons)),
            Text(visible(row.status)),
        ]

    def _say_status(self, problem: str | None = None) -> None:
        page = self.page
        if problem is not None:
            text = words.DB_PROBLEM.format(error=visible(problem))
        elif page is None:
            text = "Loading..."
        elif not page.rows:
            text = "No intakes match these filters (x clears them)."
        else:
            last = page.offset + len(page.rows)
            text = f"{page.offset + 1}-{last} of {page.total}   {words.URGENT_MARK} = urgent"
            if page.next is not None or page.offset:
                text += "   n/p: next/previous page"
        self.query_one("#queue-status", Static).update(Text(text))

    def _problem(self, message: str) -> None:
        self._say_status(message)

    def poll(self) -> None:
        """Look for new or changed intakes (a worker); reload the page when there are."""
        if self._polling:
            return
        self._polling = True
        desk = self.app.desk

        def look() -> None:
            try:
                found: tuple[object, ...] | None = desk.fingerprint()
            except StoreError as error:
                self.app.call_from_thread(self._polled, None, str(error))
                return
            self.app.call_from_thread(self._polled, found, None)

        self.run_worker(look, thread=True, group="poll", name="poll")

    def _notified(self) -> None:
        if not self._stop.is_set():
            self.app.call_from_thread(self.poll)

    def _polled(self, found: tuple[object, ...] | None, problem: str | None) -> None:
        self._polling = False
        if problem is not None:
            self._problem(problem)
            return
        if found != self._fingerprint:
            first = self._fingerprint is None
            self._fingerprint = found
            if not first:
                self.load()

    # -- what the person does -----------------------------------------------------------
    def current_ticket(self) -> str | None:
        table = self.query_one("#queue", DataTable)
        if not table.row_count:
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(key.value) if key.value is not None else None

    @on(DataTable.RowSelected, "#queue")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.open(str(event.row_key.value))

    def action_open(self) -> None:
        ticket = self.current_ticket()
        if ticket is not None:
            self.open(ticket)

    def open(self, ticket: str) -> None:
        from intake_bot.tui.staff.screens.intake import IntakeScreen

        def back(changed: bool | None) -> None:
            self.query_one("#queue", DataTable).focus()
            if changed:
                self.load()

        self.app.push_screen(IntakeScreen(ticket), back)

    def action_find(self) -> None:
        self.query_one("#find", Input).focus()

    @on(Input.Changed, "#find")
    def _find(self, event: Input.Changed) -> None:
        self.filters = self.filters.but(ticket=event.value)

    @on(Input.Submitted, "#find")
    def _found(self, event: Input.Submitted) -> None:
        table = self.query_one("#queue", DataTable)
        table.focus()
        if self.page is not None and len(self.page.rows) == 1:
            self.open(self.page.rows[0].ticket)

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        value = None if event.value == ANY else str(event.value)
        key = event.select.id
        if key == "outcome":
            self.filters = self.filters.but(outcome=value)
        elif key == "status":
            self.filters = self.filters.but(status=value)
        elif key == "door":
            self.filters = self.filters.but(front_door=value)
        elif key == "date":
            self.filters = self.filters.but(days=None if value is None else int(value))

    def action_cycle(self, which: str) -> None:
        """The next choice of one filter (the same as choosing it in its list)."""
        select: Select[str] = self.query_one(f"#{which}", Select)
        values = self._values(which)
        current = values.index(str(select.value)) if str(select.value) in values else 0
        select.value = values[(current + 1) % len(values)]

    def _values(self, which: str) -> list[str]:
        if which == "outcome":
            return [ANY, *self.app.desk.outcomes]
        choices = {
            "status": words.STATUS_CHOICES,
            "date": words.DATE_CHOICES,
            "door": words.DOOR_CHOICES,
        }[which]
        return [value for _, value in _options(choices)]

    def action_clear_filters(self) -> None:
        for which in ("outcome", "status", "date", "door"):
            self.query_one(f"#{which}", Select).value = ANY
        self.query_one("#find", Input).value = ""

    def action_page(self, step: int) -> None:
        page = self.page
        if page is None:
            return
        if step > 0 and page.next is not None:
            self._back.append((self.row_after, self.row_offset))
            self.row_after, self.row_offset = page.next, page.offset + len(page.rows)
            self.load()
        elif step < 0 and self._back:
            self.row_after, self.row_offset = self._back.pop()
            self.load()

    def action_screen_patient(self) -> None:
        self.app.begin_screening()
