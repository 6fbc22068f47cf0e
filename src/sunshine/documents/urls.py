"""Staff pages under ``/work/documents/``."""

app_name = "documents"

urlpatterns: list = []
