"""Staff pages under ``/work/evaluation/``."""

app_name = "evaluation"

urlpatterns: list = []
