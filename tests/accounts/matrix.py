"""Objects for the permission matrix: accounts belong to no squad (the security administrator sees all)."""

from tests.factories import UserFactory


def account(ctx):
    return {"pk": UserFactory(username=f"matrix-account-{ctx.which}", roles=["officer"]).pk}


NAMES = [
    "security:user_detail",
    "security:user_roles",
    "security:user_enable",
    "security:user_disable",
    "security:user_reset_password",
    "security:user_unlock",
    "security:user_reset_two_factor",
    "api-user-detail",
    "api-user-roles",
    "api-user-enable",
    "api-user-disable",
    "api-user-reset-password",
    "api-user-unlock",
    "api-user-reset-two-factor",
]
OBJECTS = dict.fromkeys(NAMES, account)
UNSCOPED = set(NAMES)
