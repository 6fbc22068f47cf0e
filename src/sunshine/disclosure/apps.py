from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "sunshine.disclosure"
    label = "disclosure"
    verbose_name = _("Public disclosure")

    def ready(self) -> None:
        from sunshine.cases.hooks import case_acted, register_case_panel

        from .panels import case_panel
        from .receivers import on_case_acted

        case_acted.connect(on_case_acted, dispatch_uid="sunshine.disclosure.on_case_acted")
        register_case_panel(case_panel)
