"""Public pages (no login)."""

app_name = "stats_portal"

urlpatterns: list = []
