"""One person's pass through a flow, pure (no I/O, no screen): an answer checked
(answers), which questions are asked (path), a typed reply read (replies, hedges), the
session, and the triage."""
