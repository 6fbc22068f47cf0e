"""Staff pages under ``/work/patrols/``."""

app_name = "patrols"

urlpatterns: list = []
