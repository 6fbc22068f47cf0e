"""Public pages (no login)."""

app_name = "evaluation_portal"

urlpatterns: list = []
