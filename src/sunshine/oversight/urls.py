"""Staff pages under ``/work/oversight/``."""

app_name = "oversight"

urlpatterns: list = []
