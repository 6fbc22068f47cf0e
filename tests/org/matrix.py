"""Objects for the permission matrix: a staff member of the requesting squad or of another one."""

from tests.factories import CertificateFactory, StaffFactory, TrainingRecordFactory


def staff(ctx):
    person = StaffFactory(unit=ctx.unit, name=f"矩阵{ctx.which}")
    CertificateFactory(staff=person)
    TrainingRecordFactory(staff=person)
    return {"pk": person.pk}


OBJECTS = {
    "org:staff_detail": staff,
    "org:staff_training": staff,
    "api-org-staff-detail": staff,
}

# The grid locator needs a point: without one it answers 400 (bad input), as the API must.
QUERY = {"api-org-grid-locate": {"lng": "118.35", "lat": "34.37"}}
