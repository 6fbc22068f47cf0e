"""Fixtures for the evidence tests: a team (two officers of squad 1 with assigned body cameras, an officer of
squad 2, a squad leader, a leader), a case of squad 1 and a fresh evidence store per test."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunshine.accounts.roles import Role
from sunshine.evidence import storage
from tests.factories import BodyCameraFactory, CaseFactory, mp4_bytes


@pytest.fixture(autouse=True)
def evidence_root(tmp_path, settings):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.EVIDENCE_STORAGE = "local"
    storage._storage.cache_clear()
    yield settings.EVIDENCE_ROOT
    storage._storage.cache_clear()


class Team:
    pass


@pytest.fixture
def team(bureau, make_user):
    t = Team()
    t.bureau = bureau
    t.officer1 = make_user(Role.OFFICER, username="ev-officer1")
    t.officer2 = make_user(Role.OFFICER, username="ev-officer2")
    t.other_officer = make_user(Role.OFFICER, unit="squad2", username="ev-officer-s2")
    t.squad_leader = make_user(Role.SQUAD_LEADER, username="ev-squadlead")
    t.leader = make_user(Role.LEADER, username="ev-leader")
    t.reviewer = make_user(Role.LEGAL_REVIEWER, username="ev-reviewer")
    t.auxiliary = make_user(Role.AUXILIARY, username="ev-aux")
    t.cam1 = BodyCameraFactory(serial="DSJ-0001", unit=bureau["squad1"], assigned_to=t.officer1.staff)
    t.cam2 = BodyCameraFactory(serial="DSJ-0002", unit=bureau["squad1"], assigned_to=t.officer2.staff)
    t.cam_free = BodyCameraFactory(serial="DSJ-0003", unit=bureau["squad1"])
    t.cam_repair = BodyCameraFactory(
        serial="DSJ-0004", unit=bureau["squad1"], assigned_to=t.officer1.staff, status="repair"
    )
    t.case = CaseFactory(unit=bureau["squad1"], handler=t.officer1)
    from sunshine.cases.models import CaseHandler

    CaseHandler.objects.create(case=t.case, staff=t.officer2.staff)
    t.other_case = CaseFactory(unit=bureau["squad2"], handler=t.other_officer)
    return t


def video(name: str = "clip.mp4", seed: str = "a", size: int = 4096) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, mp4_bytes(seed, size), content_type="video/mp4")


def pdf(name: str = "scan.pdf", body: bytes = b"statement") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + body + b"\n%%EOF\n", content_type="application/pdf")


__all__ = ["pdf", "video"]
