"""Staff pages under ``/work/payments/``."""

app_name = "payments"

urlpatterns: list = []
