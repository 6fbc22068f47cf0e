"""Public pages (no login)."""

app_name = "disclosure_portal"

urlpatterns: list = []
