"""API under ``/api/v1/documents/``."""

urlpatterns: list = []
