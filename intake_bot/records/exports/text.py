"""The text summary: what a doctor reads in 30 seconds, safe on a terminal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from intake_bot.records.intake import Intake

# -- text --------------------------------------------------------------------------------


def summary(intake: Intake) -> str:
    """One intake for the consultation: outcome, why, contraindications, every answer."""
    from intake_bot.terminal import visible

    when = intake.finished_at.strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Ticket {intake.ticket}   {when}   {intake.front_door}   {intake.status}",
        f"Outcome: {intake.triage.title} ({intake.triage.outcome}, severity {intake.triage.severity})",
    ]
    if intake.patient_ref:  # one line, whatever it holds (a line break is written \x0a)
        lines.append(f"Patient reference: {visible(intake.patient_ref)}")
    if intake.screened_by:
        lines.append(f"Screened by: {visible(intake.screened_by)}")
    if intake.triage.rules:
        lines.append("Why:")
        lines += [f"  - {rule.reason}" for rule in intake.triage.shown_rules]
        lines += [
            f"  (also matched: {rule.id}, said by {rule.covered_by})"
            for rule in intake.triage.rules
            if rule.covered_by is not None
        ]
    if intake.triage.contraindications:
        lines.append("Contraindications:")
        lines += [f"  - {c.text} ({c.kind})" for c in intake.triage.contraindications]
    else:
        lines.append("Contraindications: none found")
    lines.append("Answers:")
    lines += [f"  {a.question}  ->  {a.shown}" for a in intake.answers]
    if intake.staff_notes:
        lines += ["Staff notes:", *(f"  {line}" for line in intake.staff_notes.splitlines())]
    lines.append(
        f"(flow {intake.flow_id} v{intake.flow_version}, {intake.language}; "
        "a screening aid, not a diagnosis)"
    )
    return "\n".join(lines)


def write_text(intakes: Iterable[Intake], out: TextIO) -> int:
    """The summaries, one after the other, safe on a terminal: control and bidirectional
    characters written out (``\\x1b``, ``\\u202e``) as the console shows them; only line
    breaks kept."""
    from intake_bot.terminal import visible

    count = 0
    for intake in intakes:
        out.write(("\n\n" if count else "") + visible(summary(intake), newlines=True))
        count += 1
    out.write("\n" if count else "No intakes.\n")
    return count
