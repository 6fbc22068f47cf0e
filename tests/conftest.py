"""Shared fixtures: a small bureau and a user for every role."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sunshine.accounts.roles import Role
from sunshine.org.models import Staff, Unit

from .factories import DEMO_PASSWORD, CertificateFactory, StaffFactory, UnitFactory, UserFactory


@pytest.fixture
def bureau(db):
    """Bureau → brigade → two squads, plus the legal section and the inspection office."""
    bureau = UnitFactory(code="B", name="新城市城市管理局", kind=Unit.Kind.BUREAU, short_name="新城管")
    brigade = UnitFactory(code="B1", name="行政执法大队", kind=Unit.Kind.BRIGADE, parent=bureau)
    squad1 = UnitFactory(code="S1", name="一中队", kind=Unit.Kind.SQUAD, parent=brigade)
    squad2 = UnitFactory(code="S2", name="二中队", kind=Unit.Kind.SQUAD, parent=brigade)
    legal = UnitFactory(code="L", name="法制宣传监督股", kind=Unit.Kind.SECTION, parent=bureau)
    inspection = UnitFactory(code="I", name="督查室", kind=Unit.Kind.SECTION, parent=bureau)
    from sunshine.org.services import unit_rebuild_paths

    unit_rebuild_paths()
    return {
        "bureau": bureau,
        "brigade": brigade,
        "squad1": squad1,
        "squad2": squad2,
        "legal": legal,
        "inspection": inspection,
    }


ROLE_UNITS = {
    Role.OFFICER: "squad1",
    Role.AUXILIARY: "squad1",
    Role.SQUAD_LEADER: "squad1",
    Role.LEGAL_REVIEWER: "legal",
    Role.LEADER: "bureau",
    Role.INTAKE_CLERK: "bureau",
    Role.INSPECTOR: "inspection",
}


@pytest.fixture
def make_user(bureau):
    """make_user(role, unit="squad1", username=None) → a user with that role and, for staff, a Staff row."""

    def make(role: str, unit: str | None = None, username: str | None = None, **staff_fields):
        user = UserFactory(username=username or f"{role}-{unit or 'x'}", roles=[role])
        unit_key = unit or ROLE_UNITS.get(role)
        if unit_key:
            kind = {Role.AUXILIARY: Staff.Kind.AUXILIARY, Role.INTAKE_CLERK: Staff.Kind.CIVILIAN}.get(
                role, Staff.Kind.OFFICER
            )
            staff = StaffFactory(
                user=user, unit=bureau[unit_key], kind=kind, name=user.display_name, **staff_fields
            )
            if kind == Staff.Kind.OFFICER:
                CertificateFactory(staff=staff)
        return user

    return make


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def password():
    return DEMO_PASSWORD


@pytest.fixture(scope="session", autouse=True)
def _remove_test_evidence_store():
    """settings.py points EVIDENCE_ROOT at a per-process temporary folder under test; remove it after."""
    yield
    import shutil

    from django.conf import settings

    root = settings.EVIDENCE_ROOT
    if root.name.startswith("sunshine-test-evidence-"):
        # Files are stored read-only, as in production: make them writable so they can be removed.
        for path in root.rglob("*"):
            path.chmod(0o700 if path.is_dir() else 0o600)
        shutil.rmtree(root, ignore_errors=True)
