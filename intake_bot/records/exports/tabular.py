"""JSON and CSV: the records themselves, and one row per intake for a spreadsheet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, TextIO

from intake_bot.flow.model import Flow
from intake_bot.records.exports.common import ExportError, indented, json_safe
from intake_bot.records.intake import Intake, flow_hash

# -- JSON --------------------------------------------------------------------------------


def _record(intake: Intake) -> str:
    return json_safe(json.dumps(intake.model_dump(mode="json"), ensure_ascii=False, indent=2))


def write_json(intakes: Iterable[Intake], out: TextIO, *, single: bool = False) -> int:
    """A list, one record at a time (as ``json.dumps(..., indent=2)`` lays it out);
    ``single`` and exactly one intake: that record alone."""
    rows: Iterator[Intake] = iter(intakes)
    if single:
        ahead = [intake for _, intake in zip(range(2), rows, strict=False)]
        if len(ahead) == 1:
            out.write(_record(ahead[0]) + "\n")
            return 1
        rows = chain(ahead, rows)
    count = 0
    for intake in rows:
        out.write(("[\n" if count == 0 else ",\n") + indented(_record(intake), 2))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


# -- CSV ---------------------------------------------------------------------------------

CSV_FIELDS = (
    "ticket",
    "finished_at",
    "started_at",
    "front_door",
    "status",
    "language",
    "flow_id",
    "flow_version",
    "outcome",
    "severity",
    "rules",
    "contraindications",
    "patient_ref",
    "staff_notes",
)


def _cell(value: Any) -> str:
    """Text as a spreadsheet shows it: never read as a formula (OWASP's CSV injection),
    control and bidirectional characters written out (``\\x1b``) as the console does."""
    from intake_bot.terminal import visible

    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else visible(value, newlines=True)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def extra_questions(intakes: Iterable[Intake], flow: Flow) -> list[str]:
    """The question ids intakes hold that ``flow`` does not ask, in order of first
    appearance. Only an intake answered with another flow (its ``flow_hash`` differs
    from ``flow``'s) can hold one, so only those are looked at: a caller streams just
    the intakes of the other hashes its store reports."""
    known = {q.id for q in flow.questions}
    current = flow_hash(flow)
    found: dict[str, None] = {}
    for intake in intakes:
        if intake.flow_hash != current:
            found.update(
                (a.question_id, None) for a in intake.answers if a.question_id not in known
            )
    return list(found)


def write_csv(
    intakes: Iterable[Intake], flow: Flow, out: TextIO, *, extra_questions: Sequence[str] = ()
) -> int:
    """The header (the record's fields, the flow's questions in order, then
    ``extra_questions``), then one row per intake as it comes. An intake holding a
    question in none of the columns is :class:`ExportError` (never a dropped answer)."""
    questions = [q.id for q in flow.questions]
    questions += [qid for qid in extra_questions if qid not in questions]
    columns = set(questions)
    writer = csv.writer(out)
    writer.writerow([*CSV_FIELDS, *questions])
    count = 0
    for intake in intakes:
        values = intake.values()
        missing = [qid for qid in values if qid not in columns]
        if missing:
            raise ExportError(
                f"intake {intake.ticket} holds question {missing[0]!r}, which is not among "
                "the CSV columns (stored during the export?); export again"
            )
        row: list[Any] = [
            intake.ticket,
            intake.finished_at.isoformat(),
            intake.started_at.isoformat() if intake.started_at else "",
            intake.front_door,
            intake.status,
            intake.language,
            intake.flow_id,
            intake.flow_version,
            intake.triage.outcome,
            intake.triage.severity,
            intake.triage.rule_ids,
            [c.id for c in intake.triage.contraindications],
            intake.patient_ref,
            intake.staff_notes,
        ]
        row += [values.get(qid) for qid in questions]
        writer.writerow([_cell(value) for value in row])
        count += 1
    return count
