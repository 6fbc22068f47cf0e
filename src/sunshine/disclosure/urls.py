"""Staff pages under ``/work/disclosure/``."""

app_name = "disclosure"

urlpatterns: list = []
