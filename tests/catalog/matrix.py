"""Objects for the permission matrix: power-list matters belong to no squad (public law)."""

from sunshine.catalog.models import Matter
from tests.factories import make_matter


def matter(ctx):
    code = f"MX-{ctx.which}"
    if not Matter.objects.filter(code=code).exists():
        make_matter(code)
    return {"code": code}


OBJECTS = {
    "catalog:matter_detail": matter,
    "api-catalog-matter": matter,
    "api-catalog-matter-versions": matter,
}
UNSCOPED = {"catalog:matter_detail", "api-catalog-matter", "api-catalog-matter-versions"}
