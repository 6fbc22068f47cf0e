"""Objects for the permission matrix (tests/test_permission_matrix.py): audit events belong to no squad."""

from sunshine.audit.services import audit_append


def event(ctx):
    return {"seq": audit_append(actor=None, action="matrix.sample", payload={"which": ctx.which}).seq}


PARAMS = {"seq": event}
UNSCOPED = {"seq"}
