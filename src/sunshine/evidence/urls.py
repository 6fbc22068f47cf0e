"""Staff pages under ``/work/evidence/``."""

app_name = "evidence"

urlpatterns: list = []
