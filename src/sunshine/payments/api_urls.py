"""API under ``/api/v1/payments/``."""

urlpatterns: list = []
