from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "sunshine.documents"
    label = "documents"
    verbose_name = _("Enforcement documents")

    def ready(self) -> None:
        from sunshine.cases.hooks import register_case_panel

        from .views import case_panel

        register_case_panel(case_panel)
