"""API under ``/api/v1/disclosure/``."""

urlpatterns: list = []
