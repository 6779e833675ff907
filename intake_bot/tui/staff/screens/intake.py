"""One intake, as a doctor reads it in 30 seconds: outcome, reasons, contraindications,
then every question and answer as the patient saw them; mark reviewed, note, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from intake_bot.errors import StoreError
from intake_bot.records.intake import Intake
from intake_bot.terminal import visible
from intake_bot.tui.staff import words

if TYPE_CHECKING:
    from intake_bot.tui.staff.app import StaffApp


def summary_text(intake: Intake, urgent: bool) -> Text:
    """The summary as plain text with styles: nothing in it is read as markup."""
    out = Text()

    def line(text: str = "", style: str = "") -> None:
        out.append(visible(text, newlines=True) + "\n", style=style)

    when = intake.finished_at.astimezone().strftime("%Y-%m-%d %H:%M")
    line(
        f"Ticket {intake.ticket}   {when}   {intake.front_door}   {intake.language}   "
        f"status: {intake.status}",
        "bold",
    )
    if intake.patient_ref:
        line(f"Patient reference: {intake.patient_ref}")
    if intake.screened_by:
        line(f"Screened by: {intake.screened_by}")
    line()
    mark = f"{words.URGENT_MARK} URGENT: " if urgent else ""
    line(f"{mark}{intake.triage.title} ({intake.triage.outcome})", "bold red" if urgent else "bold")
    if intake.triage.rules:
        line("Why:", "bold")
        for rule in intake.triage.shown_rules:
            line(f"  - {rule.reason}")
        for rule in intake.triage.rules:
            if rule.covered_by is not None:
                line(f"  (also matched: {rule.id}, said by {rule.covered_by})", "dim")
    if intake.triage.contraindications:
        line("Contraindications found:", "bold")
        for found in intake.triage.contraindications:
            line(f"  - {found.text} ({found.kind})")
    else:
        line("Contraindications found: none")
    line()
    line("Answers, as the patient saw them:", "bold")
    for answer in intake.answers:
        line(f"  {answer.question}")
        line(f"      {answer.shown}", "italic")
    if intake.staff_notes:
        line()
        line("Staff notes:", "bold")
        for note in intake.staff_notes.splitlines():
            line(f"  {note}")
    out.rstrip()
    return out


class IntakeScreen(Screen[bool]):
    """Dismissed with True when something was changed (the queue reloads then)."""

    BINDINGS = [
        Binding("escape,backspace", "back", "Back to queue"),
        Binding("r", "review", "Reviewed / new"),
        Binding("n", "note", "Add note"),
        Binding("e", "export", "Export"),
        Binding("ctrl+l", "app.lock", "Lock"),
    ]

    app: StaffApp

    def __init__(self, ticket: str) -> None:
        super().__init__()
        self.ticket = ticket
        self.intake: Intake | None = None
        self.changed = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="intake"):
            yield Static(Text(f"Ticket {self.ticket}: loading..."), id="intake-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#intake", VerticalScroll).focus()
        desk, actor, ticket = self.app.desk, self.app.user, self.ticket

        def fetch() -> None:
            try:
                intake = desk.open(ticket, actor=actor)  # (audited: a view)
            except StoreError as error:
                self.app.call_from_thread(self._say, f"Cannot open {ticket}: {error}")
                return
            self.app.call_from_thread(self._show, intake)

        self.run_worker(fetch, thread=True, group="intake", name="open")

    def _say(self, text: str) -> None:
        self.query_one("#intake-body", Static).update(Text(visible(text)))

    def _show(self, intake: Intake) -> None:
        self.intake = intake
        urgent = intake.triage.severity >= self.app.desk.urgent_severity
        self.query_one("#intake-body", Static).update(summary_text(intake, urgent))

    def action_back(self) -> None:
        self.dismiss(self.changed)

    def _work(self, job: object, done: object, doing: str) -> None:
        """Run ``job()`` in a thread, then ``done(result)`` here; a fault is said."""

        def run() -> None:
            try:
                result = job()  # type: ignore[operator]
            except (StoreError, OSError, ValueError) as error:
                message = getattr(error, "strerror", None) or str(error)
                self.app.call_from_thread(
                    self.notify,
                    visible(f"Cannot {doing}: {message}"),
                    severity="error",
                    markup=False,
                )
                return
            self.app.call_from_thread(done, result)  # type: ignore[arg-type]

        self.run_worker(run, thread=True, group="intake", name=doing)

    def action_review(self) -> None:
        intake = self.intake
        if intake is None:
            return
        status = "new" if intake.status == "reviewed" else "reviewed"
        desk, actor = self.app.desk, self.app.user

        def done(_: object) -> None:
            self.changed = True
            self._show(intake.model_copy(update={"status": status}))
            self.notify(f"{intake.ticket} marked {status}", markup=False)

        self._work(
            lambda: desk.set_status(intake.ticket, status, actor=actor), done, "change the status"
        )

    def action_note(self) -> None:
        from intake_bot.tui.staff.screens.note import NoteScreen

        intake = self.intake
        if intake is None:
            return
        desk, actor = self.app.desk, self.app.user

        def written(text: str | None) -> None:
            if not text:
                return

            def done(notes: object) -> None:
                self.changed = True
                self._show(intake.model_copy(update={"staff_notes": notes}))
                self.notify("Note added", markup=False)

            self._work(
                lambda: desk.add_note(intake.ticket, text, actor=actor), done, "add the note"
            )

        self.app.push_screen(NoteScreen(intake.ticket), written)

    def action_export(self) -> None:
        from intake_bot.locations import private_exports_dir
        from intake_bot.tui.staff.screens.export import ExportScreen

        intake = self.intake
        if intake is None:
            return
        desk, actor = self.app.desk, self.app.user
        try:
            folder = private_exports_dir()
        except OSError as error:
            message = getattr(error, "strerror", None) or str(error)
            self.notify(
                visible(f"Cannot export: no private exports folder ({message})"),
                severity="error",
                markup=False,
            )
            return

        def chosen(choice: tuple[str, Path] | None) -> None:
            if choice is None:
                return
            fmt, path = choice

            def done(written: object) -> None:
                self.notify(visible(f"Exported ({fmt}) to {written}"), markup=False)

            self._work(lambda: desk.export(intake, fmt, path, actor=actor), done, "export")

        self.app.push_screen(ExportScreen(intake.ticket, folder), chosen)
