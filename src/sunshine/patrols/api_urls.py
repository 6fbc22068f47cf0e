"""API under ``/api/v1/patrols/``."""

urlpatterns: list = []
