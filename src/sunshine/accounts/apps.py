from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sunshine.accounts"
    label = "accounts"
    verbose_name = _("Accounts and security")

    def ready(self):
        from . import handlers  # noqa: F401  (connects the audit receivers)
