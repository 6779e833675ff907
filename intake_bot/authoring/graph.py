"""A flow drawn as a Mermaid state diagram (``transitions`` draws Mermaid without graphviz)."""

from __future__ import annotations

from transitions.extensions.diagrams import GraphMachine

from intake_bot.engine.session import add_flow_transitions, flow_states
from intake_bot.flow.conditions import describe
from intake_bot.flow.model import Flow


def mermaid(flow: Flow) -> str:
    machine = GraphMachine(
        states=flow_states(flow),
        initial=flow.questions[0].id,
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=True,
        title=f"{flow.id} v{flow.version}",
    )

    def guard(index: int) -> str | None:
        condition = flow.questions[index].ask_if
        # Mermaid reads ':' and ';' in a label as syntax.
        return (
            None if condition is None else describe(condition).replace(":", " ").replace(";", ",")
        )

    add_flow_transitions(machine, flow, guard)
    return str(machine.get_graph().draw(None))
