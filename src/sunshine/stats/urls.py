"""Staff pages under ``/work/stats/``."""

app_name = "stats"

urlpatterns: list = []
