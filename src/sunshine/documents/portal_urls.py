"""Public pages (no login)."""

app_name = "documents_portal"

urlpatterns: list = []
