"""Extension points for the apps that build on cases (evidence, documents, payments, oversight, ...).

Cases must not import those apps; they register here in their ``AppConfig.ready``:

- :func:`register_action_check`: a function ``check(*, case, action, data, actor)`` run inside
  :func:`~sunshine.cases.services.case_act` after the transition's own guards and before anything is
  written (and by ``case_summary_decide`` with ``action="decide_on_spot"`` before the case exists, with
  ``case=None``). It raises :class:`~sunshine.core.errors.RuleViolation` to refuse the action. Example: the
  audio-visual recording rule of the evidence app.
- :data:`case_acted`: a signal sent inside the same transaction after every change to a case
  (``action`` is ``"register"`` from ``case_create``, ``"decide_on_spot"`` from ``case_summary_decide``,
  otherwise the transition's action). Receivers that write rows (a payment notice for a fine, a document
  for a decision) are atomic with the change: if they raise, nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable

from django.dispatch import Signal

# kwargs: case, action, actor, from_state, to_state, data (the step's event data, JSON-able)
case_acted = Signal()

_action_checks: list[Callable[..., None]] = []


def register_action_check(check: Callable[..., None]) -> None:
    """Add ``check(*, case, action, data, actor)``; registering the same function twice is a no-op."""
    if check not in _action_checks:
        _action_checks.append(check)


def run_action_checks(*, case, action: str, data: dict, actor) -> None:
    for check in _action_checks:
        check(case=case, action=action, data=data, actor=actor)


def send_acted(*, case, action: str, actor, from_state: str, to_state: str, data: dict) -> None:
    case_acted.send(
        sender=type(case),
        case=case,
        action=action,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        data=data,
    )


# --- panels on the case page ------------------------------------------------------------------
# A panel is ``panel(request, case) -> dict | None``: ``{"template": "<app>/_case_panel.html",
# "order": int, **context}`` or None to show nothing (e.g. the user lacks the app's capability).
# The template is included with the dict as ``panel`` (the page's ``case``, ``request`` and ``user`` too);
# panels are shown in the right-hand column under the deadlines, sorted by ``order``.
_panels: list[Callable] = []


def register_case_panel(panel: Callable) -> None:
    if panel not in _panels:
        _panels.append(panel)


def case_panels(request, case) -> list[dict]:
    shown = []
    for panel in _panels:
        result = panel(request, case)
        if result:
            shown.append(result)
    shown.sort(key=lambda p: p.get("order", 100))
    return shown
