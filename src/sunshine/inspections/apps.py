from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "sunshine.inspections"
    label = "inspections"
    verbose_name = _("Double-random inspection")

    def ready(self) -> None:
        from sunshine.cases.hooks import register_case_panel

        from .panels import case_panel

        register_case_panel(case_panel)
