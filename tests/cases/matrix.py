"""Objects for the permission matrix: a registered case in the requested squad, handled by its officer.

The action URLs use ``archive``, which is not possible in the ``registered`` state, so every role holding
``cases.act`` gets the same 422 (the table's answer), never a 403 from a role check of one action.
"""

from tests.factories import CaseFactory


def case(ctx):
    return {"pk": CaseFactory(unit=ctx.unit, handler=ctx.user).pk}


def case_action(ctx):
    return {"pk": CaseFactory(unit=ctx.unit, handler=ctx.user).pk, "action": "archive"}


OBJECTS = {
    "cases:case_detail": case,
    "cases:case_action": case_action,
    "cases-api-detail": case,
    "cases-api-action": case_action,
}
