from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "sunshine.evidence"
    label = "evidence"
    verbose_name = _("Evidence")

    def ready(self) -> None:
        # Case actions that are must-record activities (seed 001) need their audio-visual record.
        from sunshine.cases.hooks import case_acted, register_action_check, register_case_panel

        from .panels import case_panel
        from .services import check_case_action, on_case_acted

        register_action_check(check_case_action)
        case_acted.connect(on_case_acted, dispatch_uid="evidence.on_case_acted")
        register_case_panel(case_panel)
