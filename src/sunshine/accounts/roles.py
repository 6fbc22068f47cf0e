"""Roles (Django groups) and what each may do.

A role is a group name; a capability is a dotted string naming one thing a user may do or see.
Every view and API endpoint declares the capability it needs, so the permission matrix test can
be generated from this table (STYLE.md 14). Object scope (own squad or whole bureau) is decided
by :func:`bureau_wide` and applied in each domain's selectors.

The three administrators (三员: system, security, audit) are kept apart: the audit administrator
reads the audit log and nothing else, and no one else reads it (GB/T 22239-2019 8.1.4.2).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Enforcement officer")
    AUXILIARY = "auxiliary", _("Auxiliary")
    SQUAD_LEADER = "squad_leader", _("Squad leader")
    LEGAL_REVIEWER = "legal_reviewer", _("Legal reviewer")
    LEADER = "leader", _("Bureau leader")
    INTAKE_CLERK = "intake_clerk", _("Intake clerk")
    INSPECTOR = "inspector", _("Inspector")
    SOCIAL_SUPERVISOR = "social_supervisor", _("Social supervisor")
    FINANCE = "finance", _("Finance officer")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


R = Role
STAFF_ROLES = frozenset(
    {R.OFFICER, R.AUXILIARY, R.SQUAD_LEADER, R.LEGAL_REVIEWER, R.LEADER, R.INTAKE_CLERK, R.INSPECTOR}
)
ADMIN_ROLES = frozenset({R.SYSTEM_ADMIN, R.SECURITY_ADMIN, R.AUDIT_ADMIN})
# Roles whose members must use two-factor authentication.
TWO_FACTOR_ROLES = frozenset({R.SYSTEM_ADMIN, R.SECURITY_ADMIN, R.AUDIT_ADMIN, R.LEADER})
# Roles that see the whole bureau's objects; everyone else sees their own squad's.
BUREAU_WIDE_ROLES = frozenset({R.LEADER, R.LEGAL_REVIEWER, R.INSPECTOR, R.INTAKE_CLERK})

# capability -> roles that hold it. Keep one line per capability; add new ones with their module.
CAPABILITIES: dict[str, frozenset[str]] = {
    # the staff workspace
    "work.view": STAFF_ROLES | {R.SOCIAL_SUPERVISOR, R.FINANCE},
    # organisation and people
    "org.view": STAFF_ROLES - {R.AUXILIARY},
    "org.view_training": STAFF_ROLES - {R.AUXILIARY},
    "org.manage": frozenset({R.SYSTEM_ADMIN}),
    # audit log: the audit administrator only
    "audit.view": frozenset({R.AUDIT_ADMIN}),
    # accounts: the security administrator only
    "accounts.manage": frozenset({R.SECURITY_ADMIN}),
    # configuration (power list, settings, calendar): the system administrator only
    "config.manage": frozenset({R.SYSTEM_ADMIN}),
    # working-day calendar and deadline boards
    "calendar.view": STAFF_ROLES | {R.SOCIAL_SUPERVISOR},
    "calendar.manage": frozenset({R.SYSTEM_ADMIN}),
    "deadlines.view": STAFF_ROLES - {R.AUXILIARY},
    # power list, discretion benchmarks, review catalog
    "catalog.view": STAFF_ROLES,
    # parties, field contacts (the five-step ladder) and vending points
    "parties.view": STAFF_ROLES - {R.INTAKE_CLERK},
    "parties.edit": frozenset({R.OFFICER, R.SQUAD_LEADER, R.AUXILIARY}),
    "contacts.record": frozenset({R.OFFICER, R.SQUAD_LEADER, R.AUXILIARY}),
    "parties.manage_points": frozenset({R.SQUAD_LEADER}),
    # cases (the rules decide who may take which action; these gate the pages)
    "cases.view": STAFF_ROLES - {R.AUXILIARY, R.INTAKE_CLERK},
    "cases.create": frozenset({R.OFFICER, R.SQUAD_LEADER}),
    "cases.act": frozenset({R.OFFICER, R.SQUAD_LEADER, R.LEGAL_REVIEWER, R.LEADER}),
    # the finance officer records a fine the bank collected as the case's execution (罚缴分离), nothing else
    "cases.record_payment": frozenset({R.FINANCE}),
    # citizen requests (first-inquiry responsibility)
    "service.view": STAFF_ROLES - {R.AUXILIARY},
    "service.register": frozenset({R.INTAKE_CLERK, R.OFFICER, R.SQUAD_LEADER, R.LEADER}),
    "service.supervise": frozenset({R.LEADER}),
    "supervisors.report": frozenset({R.SOCIAL_SUPERVISOR}),
    "misconduct.view": frozenset({R.INSPECTOR, R.LEADER}),
    "service.vendor_groups": frozenset({R.SQUAD_LEADER, R.LEADER}),
    # double-random inspection: directories and plans (legal section / leaders), tasks (officers)
    "inspections.view": STAFF_ROLES - {R.AUXILIARY},
    "inspections.manage": frozenset({R.LEGAL_REVIEWER, R.LEADER}),
    "inspections.approve": frozenset({R.LEADER}),
    "inspections.task": frozenset({R.OFFICER, R.SQUAD_LEADER}),
    # evidence and audio-visual records (evidence app)
    "evidence.view": STAFF_ROLES - {R.AUXILIARY, R.INTAKE_CLERK},
    "evidence.add": frozenset({R.OFFICER, R.SQUAD_LEADER}),
    "evidence.transfer": frozenset({R.OFFICER, R.SQUAD_LEADER, R.LEGAL_REVIEWER}),
    "evidence.dispose": frozenset({R.SYSTEM_ADMIN}),
    # enforcement documents (documents app)
    "documents.view": STAFF_ROLES - {R.AUXILIARY, R.INTAKE_CLERK},
    "documents.issue": frozenset({R.OFFICER, R.SQUAD_LEADER, R.LEGAL_REVIEWER, R.LEADER}),
    "documents.void": frozenset({R.SQUAD_LEADER, R.LEGAL_REVIEWER, R.LEADER}),
    "documents.manage": frozenset({R.SYSTEM_ADMIN}),
    # separated fine collection (payments app); the finance officer (财务) reconciles bank payments
    "payments.view": frozenset({R.FINANCE, R.LEADER}),
    "payments.reconcile": frozenset({R.FINANCE}),
    "payments.request": frozenset({R.OFFICER, R.SQUAD_LEADER}),
    "payments.approve": frozenset({R.LEADER}),
    # conduct checks, faults, accountability, officer records (oversight app)
    "oversight.view": frozenset({R.OFFICER, R.SQUAD_LEADER, R.INSPECTOR, R.LEADER}),
    "oversight.check": frozenset({R.SQUAD_LEADER, R.INSPECTOR}),
    "oversight.respond": frozenset({R.OFFICER, R.SQUAD_LEADER}),
    "oversight.investigate": frozenset({R.INSPECTOR}),
    "oversight.accountability": frozenset({R.INSPECTOR, R.LEADER}),
    "oversight.approve": frozenset({R.LEADER}),
    "oversight.faults": frozenset({R.INSPECTOR, R.LEGAL_REVIEWER, R.LEADER}),
    "oversight.qualification": frozenset({R.INSPECTOR, R.LEADER}),
    # case-file scoring and party evaluations (evaluation app)
    "evaluation.view": frozenset({R.LEADER, R.LEGAL_REVIEWER, R.INSPECTOR, R.SQUAD_LEADER}),
    "evaluation.view_reviews": STAFF_ROLES - {R.AUXILIARY, R.INTAKE_CLERK},
    "evaluation.review": frozenset({R.LEGAL_REVIEWER}),
    "evaluation.manage": frozenset({R.LEGAL_REVIEWER}),
    "evaluation.own": frozenset({R.OFFICER, R.SQUAD_LEADER}),
    "evaluation.follow_up": frozenset({R.INSPECTOR}),
    "evaluation.link": frozenset({R.OFFICER, R.SQUAD_LEADER, R.LEGAL_REVIEWER, R.LEADER}),
    "evaluation.request_link": frozenset({R.INTAKE_CLERK, R.OFFICER, R.SQUAD_LEADER, R.LEADER}),
    # grid patrols and conflict incidents (patrols app)
    "patrols.view": frozenset({R.OFFICER, R.AUXILIARY, R.SQUAD_LEADER, R.LEADER, R.INSPECTOR}),
    "patrols.log": frozenset({R.OFFICER, R.AUXILIARY, R.SQUAD_LEADER}),
    "patrols.assign": frozenset({R.SQUAD_LEADER}),
    "incidents.view": frozenset({R.OFFICER, R.AUXILIARY, R.SQUAD_LEADER, R.LEADER, R.INSPECTOR}),
    "incidents.report": frozenset({R.OFFICER, R.AUXILIARY, R.SQUAD_LEADER}),
    "incidents.manage": frozenset({R.LEADER}),
    # public disclosure: hold-backs and withdrawals (disclosure app)
    "disclosure.view": frozenset({R.SQUAD_LEADER, R.LEGAL_REVIEWER, R.LEADER, R.INSPECTOR}),
    "disclosure.review": frozenset({R.LEGAL_REVIEWER}),
    # statistics, quarterly reports and dashboards (stats app)
    "stats.view": frozenset({R.SQUAD_LEADER, R.LEGAL_REVIEWER, R.LEADER, R.INSPECTOR}),
    "stats.submit": frozenset({R.SQUAD_LEADER}),
    "stats.review": frozenset({R.LEGAL_REVIEWER}),
    "stats.publish": frozenset({R.LEADER}),
}


def user_roles(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_sunshine_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._sunshine_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def has_capability(user, capability: str) -> bool:
    try:
        allowed = CAPABILITIES[capability]
    except KeyError as exc:  # a typo must fail loudly, never silently allow
        raise KeyError(f"unknown capability {capability!r}") from exc
    return bool(user_roles(user) & allowed)


def bureau_wide(user) -> bool:
    """Whether the user sees every unit's objects rather than only their own squad's."""
    return bool(user_roles(user) & BUREAU_WIDE_ROLES)


def needs_two_factor(user) -> bool:
    return bool(user_roles(user) & TWO_FACTOR_ROLES)
