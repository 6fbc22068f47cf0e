from django.contrib.admin.apps import AdminConfig


class SunshineAdminConfig(AdminConfig):
    """django.contrib.admin with Sunshine's site (login, capability permissions, audited changes)."""

    default_site = "sunshine.accounts.admin_site.SunshineAdminSite"
