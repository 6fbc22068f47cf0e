"""A demo-like case with every step record, so that every kind of document can be issued from it."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

import pytest
from django.utils import timezone

from sunshine.accounts.roles import Role
from sunshine.cases.models import (
    AdvanceNotice,
    CaseParty,
    CollectiveDiscussion,
    CompulsoryMeasure,
    Decision,
    EvidencePreservation,
    Execution,
    Hearing,
    LegalReview,
    Service,
    Statement,
)
from sunshine.cases.rules import remedies_text
from sunshine.documents import images
from sunshine.documents.models import IssuingSettings, StaffSignature, UnitSeal
from tests.factories import CaseFactory, MatterFactory, MatterVersionFactory, PartyFactory


@pytest.fixture
def login():
    """login(client, user): force_login, and pass two-factor for the roles that need it."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpRequest
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sunshine.accounts.roles import needs_two_factor

    def do(client, user):
        client.force_login(user)
        if needs_two_factor(user):
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            request = HttpRequest()
            request.user = user
            request.session = SessionStore(session_key=client.cookies["sessionid"].value)
            otp_login(request, device)
            request.session.save()
        return client

    return do


@pytest.fixture(autouse=True)
def documents_root(settings, tmp_path):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    return settings.DOCUMENTS_ROOT


class World:
    pass


@functools.cache
def seal_image() -> bytes:
    return images.seal_png("新城市城市管理局")


@functools.cache
def signature_image(name: str) -> bytes:
    return images.signature_png(name)


@pytest.fixture
def world(bureau, make_user):
    w = World()
    w.bureau = bureau
    w.officer = make_user(Role.OFFICER, username="officer-a")
    w.officer2 = make_user(Role.OFFICER, username="officer-b")
    w.other_officer = make_user(Role.OFFICER, unit="squad2", username="officer-s2")
    w.squad_leader = make_user(Role.SQUAD_LEADER, username="lead-a")
    w.leader = make_user(Role.LEADER, username="leader-a")
    w.reviewer = make_user(Role.LEGAL_REVIEWER, username="reviewer-a", is_legal_reviewer=True)
    w.admin = make_user(Role.SYSTEM_ADMIN, username="sysadmin-a")
    w.auxiliary = make_user(Role.AUXILIARY, username="aux-a")
    w.version = MatterVersionFactory(matter=MatterFactory(code="HB-009", name="露天烧烤食品"))
    w.party = PartyFactory(name="张三", id_number="11010519491231002X", address="新城市解放路18号")
    IssuingSettings.objects.create(
        bank_name="中国工商银行新城分行",
        bank_account_name="新城市财政局非税收入汇缴专户",
        bank_account="1234567890123456789",
        public_base_url="https://zf.example.gov.cn",
    )
    UnitSeal.objects.create(unit=bureau["bureau"], image=seal_image(), sha256="x" * 64)
    for user in (w.officer, w.officer2):
        StaffSignature.objects.create(
            staff=user.staff, image=signature_image(user.staff.name), sha256="y" * 64
        )
    return w


def make_case(w, *, state="executed", unit=None, full=True):
    """A general-procedure case with every record (full=True) in ``state``."""
    today = timezone.localdate()
    case = CaseFactory(
        unit=unit or w.bureau["squad1"],
        matter_version=w.version,
        handler=w.officer,
        state=state,
        severity="ordinary",
        proposed_kinds=["fine"],
        proposed_fine=Decimal("1000.00"),
        filed_on=today - dt.timedelta(days=40),
        created_by=w.officer,
        facts="在禁止区域内露天烧烤食品，经劝导后仍未停止",
    )
    from sunshine.cases.models import CaseHandler

    CaseHandler.objects.create(case=case, staff=w.officer2.staff)
    CaseParty.objects.create(case=case, party=w.party)
    if not full:
        return case
    EvidencePreservation.objects.create(
        case=case,
        items="烧烤炉一台、木炭两袋",
        registered_on=today - dt.timedelta(days=38),
        due=today - dt.timedelta(days=29),
    )
    m = CompulsoryMeasure.objects.create(
        case=case,
        kind="seizure",
        items="烧烤炉一台",
        start=today - dt.timedelta(days=38),
        end=today - dt.timedelta(days=8),
        started_at=timezone.now() - dt.timedelta(days=38),
        released_on=today - dt.timedelta(days=10),
    )
    m.officers.set([w.officer.staff, w.officer2.staff])
    notice = AdvanceNotice.objects.create(
        case=case,
        served_on=today - dt.timedelta(days=30),
        method="direct",
        penalty_kinds=["fine"],
        fine=Decimal("1000.00"),
        grounds="违反大气污染防治法",
        hearing_available=True,
        reply_due=today - dt.timedelta(days=25),
        hearing_request_due=today - dt.timedelta(days=25),
        created_by=w.officer,
    )
    Statement.objects.create(
        case=case,
        notice=notice,
        kind="statement",
        received_on=today - dt.timedelta(days=27),
        content="初次经营，请求从轻",
        review="已复核",
        adopted=False,
        recorded_by=w.officer,
    )
    Hearing.objects.create(
        case=case,
        notice=notice,
        requested_on=today - dt.timedelta(days=27),
        chair=w.reviewer.staff,
        notified_on=today - dt.timedelta(days=26),
        hearing_on=today - dt.timedelta(days=20),
        place="本局听证室",
        outcome="held",
        record="当事人陈述了意见，调查人员出示了证据。",
    )
    LegalReview.objects.create(
        case=case,
        reviewer=w.reviewer.staff,
        reviewed_on=today - dt.timedelta(days=18),
        checks={"主体合法": True, "程序合法": True},
        opinion="事实清楚，证据确凿，同意处罚。",
        outcome="approve",
    )
    d = CollectiveDiscussion.objects.create(
        case=case, held_on=today - dt.timedelta(days=16), conclusion="同意罚款1000元。"
    )
    d.participants.set([w.leader.staff])
    Decision.objects.create(
        case=case,
        kind="penalty",
        document_number=f"新城管罚决字〔{today.year}〕{case.pk:05d}号",
        penalty_kinds=["fine"],
        fine=Decimal("1000.00"),
        decided_on=today - dt.timedelta(days=15),
        approved_by=w.leader,
        remedies_text=remedies_text(summary=False),
        payment_due=today - dt.timedelta(days=1),
    )
    Service.objects.create(
        case=case, method="direct", served_on=today - dt.timedelta(days=14), recipient="张三"
    )
    if state in ("executed", "closed", "archived"):
        Execution.objects.create(
            case=case, kind="paid", on=today - dt.timedelta(days=2), amount=Decimal("1000.00")
        )
    return case


@pytest.fixture
def full_case(world):
    return make_case(world)
