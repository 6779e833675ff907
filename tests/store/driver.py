"""A process that submits intakes the way the kiosk does (StoreSubmitter): for the
kill and many-writer tests and bench/store.py.

``python -m tests.store.driver URL OUTBOX MODE COUNT [SEED]``

- ``fixed``: intakes 0..COUNT-1 with fixed ids (so a restart re-submits the same
  intakes); the outbox is replayed first. Prints ``i ticket`` once each is kept.
- ``fresh``: COUNT new intakes. Prints ``ticket`` once each is kept.

With SEED, ticket codes are drawn from a seeded generator: two processes with the
same SEED propose the same codes, and the database makes them differ.
"""

from __future__ import annotations

import random
import sys
import uuid
from pathlib import Path

from intake_bot.engine.path import check_answers
from intake_bot.engine.triage import triage
from intake_bot.flow import load_default_flow
from intake_bot.records.intake import Intake, build_intake
from intake_bot.records.tickets import TicketIssuer
from intake_bot.store.submitter import StoreSubmitter
from tests.hair_loss_paths import answers

NAMESPACE = uuid.UUID("6f1e4a52-8d0c-4c44-9f6e-0d1f3c2b1a15")


def template() -> Intake:
    flow = load_default_flow()
    checked = check_answers(flow, answers(), "en")
    return build_intake(
        flow, checked, triage(flow, checked, "en"), ticket="AAA-AAA", front_door="kiosk"
    )


def fixed_id(index: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, str(index))


def main(argv: list[str]) -> int:
    url, outbox, mode, count = argv[0], Path(argv[1]), argv[2], int(argv[3])
    submitter = StoreSubmitter(url, outbox=outbox)
    if len(argv) > 4:
        seeded = random.Random(int(argv[4]))
        submitter.issuer = TicketIssuer(submitter.ticket_taken, choose=seeded.choice)
    base = template()
    submitter.flush()
    for index in range(count):
        intake = base.model_copy(
            update={
                "id": fixed_id(index) if mode == "fixed" else uuid.uuid4(),
                "ticket": submitter.issuer.issue(),
            }
        )
        kept = submitter.submit(intake)
        print(f"{index} {kept.ticket}" if mode == "fixed" else kept.ticket, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
