"""API under ``/api/v1/evaluation/``."""

urlpatterns: list = []
