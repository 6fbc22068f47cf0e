"""First-inquiry responsibility: registration, dispatch, referral, reply, time limits, merge, rating."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.service import services
from sunshine.service.models import Notice, Request, Status
from sunshine.workdays.models import Deadline
from tests.factories import CaseFactory, GridFactory, MatterFactory

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def register(actor, **kw):
    values = {"channel": "phone", "kind": "complaint", "content": "占道经营", "citizen_phone": "13800001234"}
    values.update(kw)
    return services.request_register(actor=actor, **values)


def test_register_gives_tracking_number_notice_and_first_receiver(clerk):
    req = register(clerk)
    assert req.tracking_no.startswith("S") and len(req.tracking_no) == 16
    assert req.first_receiver == clerk and req.status == Status.REGISTERED
    notice = Notice.objects.get(request=req)
    assert req.tracking_no in notice.text
    assert Deadline.objects.filter(owner_id=req.pk, key=services.DUE_KEY, status="open").count() == 1


def test_register_suggests_squad_owning_the_grid(clerk, bureau):
    grid = GridFactory(squad=bureau["squad2"], min_lng=118.0, max_lng=118.1, min_lat=34.0, max_lat=34.1)
    req = register(clerk, lng=118.05, lat=34.02)
    assert req.grid == grid and req.unit == bureau["squad2"]


def test_auxiliary_cannot_register(make_user):
    with pytest.raises(PermissionDeniedError):
        register(make_user("auxiliary"))


def test_cannot_close_without_reply_content(clerk):
    """Seed 000 首问负责制: never closed without a reply (boundary: blank vs. one character)."""
    req = register(clerk)
    with pytest.raises(RuleViolation) as err:
        services.request_reply(actor=clerk, request=req, channel="phone", content="  ")
    assert err.value.code == "reply_required" and "首问负责制" in str(err.value.citation)
    req.refresh_from_db()
    assert req.status == Status.REGISTERED
    services.request_reply(actor=clerk, request=req, channel="phone", content="好")
    req.refresh_from_db()
    assert req.status == Status.REPLIED and req.replied_at and req.reply_channel == "phone"
    assert Deadline.objects.get(owner_id=req.pk, key=services.DUE_KEY).status == "met"
    assert Notice.objects.filter(request=req).count() == 2


def test_replied_constraint_in_database(clerk):
    from django.db import IntegrityError, transaction

    req = register(clerk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Request.objects.filter(pk=req.pk).update(status=Status.REPLIED)


def test_referral_records_department_contact_and_what_was_told(clerk):
    req = register(clerk)
    with pytest.raises(RuleViolation) as err:
        services.request_refer(actor=clerk, request=req, department="市水务局", contact="", told="已告知")
    assert err.value.code == "referral_incomplete"
    req = services.request_refer(
        actor=clerk, request=req, department="市水务局", contact="王科长 0516-1234", told="已告知转水务局"
    )
    assert req.status == Status.REFERRED and req.referred_department == "市水务局"
    # a referral is not a close: the reply is still owed
    assert Deadline.objects.get(owner_id=req.pk, key=services.DUE_KEY).status == "open"


def test_dispatch_moves_to_squad_and_first_receiver_stays(clerk, bureau, make_user):
    req = register(clerk)
    req = services.request_dispatch(actor=clerk, request=req, unit=bureau["squad1"])
    assert req.unit == bureau["squad1"] and req.first_receiver == clerk
    officer2 = make_user("officer", unit="squad2", username="o2")
    with pytest.raises(PermissionDeniedError):
        services.request_reply(actor=officer2, request=req, channel="phone", content="x")
    officer1 = make_user("officer", unit="squad1", username="o1")
    services.request_reply(actor=officer1, request=req, channel="visit", content="已处理")


def test_ordinary_complaint_time_limit_skips_national_day(clerk):
    """5 working days from Wed 30 Sep 2026 skip 国庆 1–7 Oct, count the make-up Saturday 10 Oct."""
    req = register(clerk, received_at=dt.datetime(2026, 9, 30, 10, tzinfo=SH))
    assert req.due_at.astimezone(SH).date() == dt.date(2026, 10, 13)


def test_urgent_request_due_in_hours(clerk):
    start = dt.datetime(2026, 3, 2, 9, tzinfo=SH)
    req = register(clerk, urgency="urgent", received_at=start)
    assert req.due_at - start == dt.timedelta(hours=24)


def test_letter_limits_15_and_60_days(clerk):
    """《信访工作条例》第二十二条 15 days to tell the person; 第三十四条 60 days to finish."""
    start = dt.datetime(2026, 3, 2, 9, tzinfo=SH)
    req = register(clerk, channel="letter", received_at=start)
    ack = Deadline.objects.get(owner_id=req.pk, key=services.ACK_KEY)
    assert ack.due == dt.date(2026, 3, 17)
    assert req.due_at.astimezone(SH).date() == Deadline.objects.get(owner_id=req.pk, key=services.DUE_KEY).due
    assert Deadline.objects.get(owner_id=req.pk, key=services.DUE_KEY).length == 60


def test_letter_extension_once_at_most_30_days():
    from sunshine.service.rules import check_letter_extension

    check_letter_extension(30, False)
    with pytest.raises(RuleViolation):
        check_letter_extension(31, False)
    with pytest.raises(RuleViolation):
        check_letter_extension(10, True)


def test_escalation_to_squad_leader_is_idempotent(clerk, bureau, make_user):
    leader = make_user("squad_leader", unit="squad1")
    req = register(clerk, received_at=dt.datetime(2026, 3, 2, 9, tzinfo=SH))
    services.request_dispatch(actor=clerk, request=req, unit=bureau["squad1"])
    before = dt.datetime(2026, 3, 9, 12, tzinfo=SH)  # due Mon 9 Mar 23:59
    assert services.requests_escalate_overdue(now=before) == 0
    after = dt.datetime(2026, 3, 10, 0, 5, tzinfo=SH)
    assert services.requests_escalate_overdue(now=after) == 1
    assert services.requests_escalate_overdue(now=after) == 0
    row = Deadline.objects.get(owner_id=req.pk, key="service.escalated")
    assert row.responsible == leader


def test_duplicates_and_merge_reply_reaches_all_citizens(clerk):
    matter = MatterFactory()
    a = register(clerk, matter=matter, lng=118.05, lat=34.02, citizen_phone="13800000001")
    b = register(clerk, matter=matter, lng=118.0505, lat=34.0202, citizen_phone="13800000002")
    far = register(clerk, matter=matter, lng=118.09, lat=34.09, citizen_phone="13800000003")
    assert services.duplicates_for(b) == [a]
    assert far not in services.duplicates_for(a)
    services.request_merge(actor=clerk, request=b, into=a)
    services.request_reply(actor=clerk, request=a, channel="phone", content="已取缔")
    b.refresh_from_db()
    assert b.status == Status.REPLIED and b.reply_content == "已取缔"
    phones = set(Notice.objects.filter(text__contains="已取缔").values_list("phone", flat=True))
    assert phones == {"13800000001", "13800000002"}


def test_dissatisfied_rating_reopens_once(clerk):
    req = register(clerk)
    services.request_reply(actor=clerk, request=req, channel="phone", content="已处理")
    with pytest.raises(PermissionDeniedError):
        services.request_rate(tracking_no=req.tracking_no, phone_tail="0000", satisfaction=1)
    req = services.request_rate(tracking_no=req.tracking_no, phone_tail="1234", satisfaction=2)
    assert req.status != Status.REPLIED and req.reopened
    services.request_reply(actor=clerk, request=req, channel="phone", content="再次处理")
    req = services.request_rate(tracking_no=req.tracking_no, phone_tail="1234", satisfaction=1)
    assert req.status == Status.REPLIED and req.satisfaction == 1


def test_satisfied_rating_keeps_closed(clerk):
    req = register(clerk)
    services.request_reply(actor=clerk, request=req, channel="phone", content="已处理")
    req = services.request_rate(tracking_no=req.tracking_no, phone_tail="1234", satisfaction=3)
    assert req.status == Status.REPLIED and not req.reopened


def test_linked_case_close_hook_replies(clerk, bureau, make_user):
    officer = make_user("officer", unit="squad1", username="o1")
    case = CaseFactory(unit=bureau["squad1"], handler=officer)
    req = register(officer)
    with pytest.raises(RuleViolation):
        services.request_link(actor=officer, request=req)
    services.request_link(actor=officer, request=req, case=case)
    req.refresh_from_db()
    assert req.status == Status.LINKED and req.case == case
    with pytest.raises(RuleViolation):
        services.requests_close_for(actor=officer, case=case, content="")
    assert services.requests_close_for(actor=officer, case=case, content="案件已结案，违法行为已纠正") == 1
    req.refresh_from_db()
    assert req.status == Status.REPLIED and req.reply_content.startswith("案件已结案")
