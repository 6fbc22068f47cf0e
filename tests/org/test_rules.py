"""The qualification check, the 60-hour training commitment and the 3% legal reviewers' rule."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils.translation import override

from sunshine.core.errors import RuleViolation
from sunshine.org import rules
from sunshine.org.models import Certificate, Staff

from ..factories import CertificateFactory, StaffFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 15)


def officer(**certificate):
    staff = StaffFactory(kind=Staff.Kind.OFFICER)
    if certificate is not None:
        CertificateFactory(staff=staff, **certificate)
    return staff


class TestQualificationArticle42:
    """《行政处罚法》第四十二条: only officers with enforcement qualification; auxiliaries never."""

    def test_certificate_expiring_today_still_qualifies(self):
        staff = officer(issued_on=dt.date(2021, 6, 16), expires_on=DAY)
        rules.assert_can_handle_cases(staff, on=DAY)
        assert rules.is_qualified(staff, on=DAY)

    def test_certificate_expired_yesterday_does_not(self):
        staff = officer(issued_on=dt.date(2021, 6, 15), expires_on=DAY - dt.timedelta(days=1))
        with pytest.raises(RuleViolation) as exc:
            rules.assert_can_handle_cases(staff, on=DAY)
        assert exc.value.code == rules.Code.NO_VALID_CERTIFICATE
        with override("en"):
            assert "Article 42" in str(exc.value.citation)
        assert not rules.is_qualified(staff, on=DAY)

    def test_certificate_issued_today_qualifies_but_not_the_day_before(self):
        staff = officer(issued_on=DAY, expires_on=dt.date(2031, 6, 14))
        assert rules.is_qualified(staff, on=DAY)
        assert not rules.is_qualified(staff, on=DAY - dt.timedelta(days=1))

    @pytest.mark.parametrize("status", [Certificate.Status.SUSPENDED, Certificate.Status.REVOKED])
    def test_suspended_or_revoked_certificate(self, status):
        staff = officer(status=status)
        with pytest.raises(RuleViolation) as exc:
            rules.assert_can_handle_cases(staff, on=DAY)
        assert exc.value.code == rules.Code.NO_VALID_CERTIFICATE

    def test_no_certificate(self):
        staff = StaffFactory(kind=Staff.Kind.OFFICER)
        assert [p.code for p in rules.qualification_problems(staff, on=DAY)] == [
            rules.Code.NO_VALID_CERTIFICATE
        ]

    @pytest.mark.parametrize(
        "status", [Staff.Status.STUDY_LEAVE, Staff.Status.SUSPENDED, Staff.Status.DEPARTED]
    )
    def test_officer_not_on_duty(self, status):
        staff = officer()
        staff.status = status
        with pytest.raises(RuleViolation) as exc:
            rules.assert_can_handle_cases(staff, on=DAY)
        assert exc.value.code == rules.Code.NOT_ACTIVE
        staff.status = Staff.Status.ACTIVE
        assert rules.is_qualified(staff, on=DAY)

    @pytest.mark.parametrize("kind", [Staff.Kind.AUXILIARY, Staff.Kind.CIVILIAN])
    def test_auxiliaries_and_civilians_never(self, kind):
        staff = StaffFactory(kind=kind)
        # even with a certificate row (which the services refuse to issue) they never qualify
        CertificateFactory(staff=staff)
        with pytest.raises(RuleViolation) as exc:
            rules.assert_can_handle_cases(staff, on=DAY)
        assert exc.value.code == rules.Code.NOT_AN_OFFICER
        with override("en"):
            assert "auxiliaries may not carry out enforcement" in str(exc.value.citation)

    def test_every_reason_is_listed(self):
        staff = officer(status=Certificate.Status.SUSPENDED)
        staff.status = Staff.Status.STUDY_LEAVE
        codes = [p.code for p in rules.qualification_problems(staff, on=DAY)]
        assert codes == [rules.Code.NOT_ACTIVE, rules.Code.NO_VALID_CERTIFICATE]

    def test_message_names_the_person_and_is_chinese_by_default(self):
        staff = officer(expires_on=dt.date(2025, 1, 1), issued_on=dt.date(2020, 1, 1))
        problem = rules.qualification_problems(staff, on=DAY)[0]
        assert staff.name in str(problem)
        assert "第四十二条" in str(problem)


class TestTrainingCommitment:
    """Seed 003: at least 60 hours of training a year per officer."""

    def test_boundary(self):
        assert rules.training_commitment_met(Decimal("60"))
        assert not rules.training_commitment_met(Decimal("59.5"))

    def test_hours_per_calendar_year(self):
        staff = officer()
        TrainingRecordFactory(staff=staff, hours=Decimal("42"), date=dt.date(2026, 1, 1))
        TrainingRecordFactory(staff=staff, hours=Decimal("17.5"), date=dt.date(2026, 12, 31))
        TrainingRecordFactory(staff=staff, hours=Decimal("8"), date=dt.date(2025, 12, 31))
        TrainingRecordFactory(staff=staff, hours=Decimal("8"), date=dt.date(2027, 1, 1))
        assert rules.training_hours(staff, 2026) == Decimal("59.5")
        assert not rules.training_commitment_met(rules.training_hours(staff, 2026))
        TrainingRecordFactory(staff=staff, hours=Decimal("0.5"), date=dt.date(2026, 7, 1))
        assert rules.training_hours(staff, 2026) == Decimal("60")
        assert rules.training_commitment_met(rules.training_hours(staff, 2026))

    def test_by_year(self):
        staff = officer()
        TrainingRecordFactory(staff=staff, hours=Decimal("60"), date=dt.date(2025, 4, 1))
        TrainingRecordFactory(staff=staff, hours=Decimal("10"), date=dt.date(2026, 4, 1))
        years = rules.training_by_year(staff.training_records.all())
        assert [(y["year"], y["hours"], y["met"]) for y in years] == [
            (2026, Decimal("10"), False),
            (2025, Decimal("60"), True),
        ]


class TestLegalReviewerShare:
    """Seed 001: legal reviewers at least 3% of the unit's officers."""

    @pytest.mark.parametrize(
        ("reviewers", "officers", "met"),
        [(1, 33, True), (1, 34, False), (2, 66, True), (2, 67, False), (0, 0, True)],
    )
    def test_boundary(self, reviewers, officers, met):
        assert rules.legal_reviewer_share_met(reviewers, officers) is met

    def test_required_count_rounds_up(self):
        assert rules.legal_reviewers_required(33) == 1
        assert rules.legal_reviewers_required(34) == 2
        assert rules.legal_reviewers_required(65) == 2

    def test_counts_active_staff(self):
        for _ in range(33):
            StaffFactory(kind=Staff.Kind.OFFICER)
        StaffFactory(kind=Staff.Kind.OFFICER, status=Staff.Status.DEPARTED, is_legal_reviewer=True)
        share = rules.legal_reviewer_share()
        assert (share["reviewers"], share["officers"], share["met"]) == (0, 33, False)
        StaffFactory(kind=Staff.Kind.OFFICER, is_legal_reviewer=True)
        share = rules.legal_reviewer_share()
        assert (share["reviewers"], share["officers"], share["met"]) == (1, 34, False)
        Staff.objects.filter(is_legal_reviewer=False, status=Staff.Status.ACTIVE).first().delete()
        share = rules.legal_reviewer_share()
        assert (share["reviewers"], share["officers"], share["met"]) == (1, 33, True)


class TestNewLegalReviewerArticle58:
    """《行政处罚法》第五十八条第二款: a new reviewer holds the legal professional qualification."""

    def test_with_and_without_qualification(self):
        rules.assert_can_become_legal_reviewer(StaffFactory(legal_professional_qualification=True))
        with pytest.raises(RuleViolation) as exc:
            rules.assert_can_become_legal_reviewer(StaffFactory(legal_professional_qualification=False))
        assert exc.value.code == rules.Code.NEW_REVIEWER_UNQUALIFIED
        with override("en"):
            assert "Article 58" in str(exc.value.citation)
