"""Flowcharts of the summary and general procedures, generated from the cases transition tables
(:mod:`sunshine.cases.workflow`), so the public chart is always the procedure the software enforces
(seed 001: 编制行政执法流程图…经审核后公示). Rendered as HTML lists, readable by screen readers and on a
phone.
"""

from __future__ import annotations

from sunshine.cases import workflow
from sunshine.cases.workflow import PREVIOUS, Procedure, State

# States off the main line: shown in the chart, never followed as the next main step.
SIDE_STATES = {State.SUSPENDED, State.WITHDRAWN, State.REFERRED}
ORDER = list(State.values)
START = {
    Procedure.GENERAL: ("register", State.REGISTERED),
    Procedure.SUMMARY: ("decide_on_spot", State.SERVED),
}


def _label(state: str) -> str:
    return str(State(state).label)


def chart(procedure: str) -> dict:
    """``{"procedure", "label", "start", "steps": [{"state", "label", "main", "actions": [...]}]}``; each
    action is ``{"action", "label", "target", "target_label", "main"}`` (target None: recorded within
    the state)."""
    table = workflow.TABLES[procedure]
    start_action, start_state = START[procedure]
    states = {start_state}
    for t in table:
        states.update(t.sources)
        if t.target and t.target != PREVIOUS:
            states.add(t.target)
    ordered = sorted(states, key=ORDER.index)
    # The main line: from the first state, the first transition that moves forward to a main state.
    main_states, main_actions = [start_state], set()
    current = start_state
    while True:
        nxt = None
        for t in table:
            forward = t.target and t.target != PREVIOUS and t.target not in SIDE_STATES
            if current in t.sources and forward and ORDER.index(t.target) > ORDER.index(current):
                nxt = t
                break
        if nxt is None or nxt.target in main_states:
            break
        main_actions.add((current, nxt.action))
        main_states.append(nxt.target)
        current = nxt.target
    steps = []
    for state in ordered:
        actions = []
        for t in table:
            if state not in t.sources:
                continue
            target = None if t.target is None else (None if t.target == PREVIOUS else t.target)
            actions.append(
                {
                    "action": t.action,
                    "label": str(t.label),
                    "target": t.target,
                    "target_label": _label(target) if target else "",
                    "returns": t.target == PREVIOUS,
                    "main": (state, t.action) in main_actions,
                }
            )
        steps.append(
            {"state": state, "label": _label(state), "main": state in main_states, "actions": actions}
        )
    steps.sort(
        key=lambda s: (not s["main"], main_states.index(s["state"]) if s["main"] else ORDER.index(s["state"]))
    )
    return {
        "procedure": procedure,
        "label": str(Procedure(procedure).label),
        "start": str(workflow.EXTRA_LABELS[start_action]),
        "start_state": _label(start_state),
        "steps": steps,
        "has_side": any(not s["main"] for s in steps),
    }


def charts() -> list[dict]:
    return [chart(Procedure.SUMMARY), chart(Procedure.GENERAL)]
