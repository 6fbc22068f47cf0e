from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "sunshine.payments"
    label = "payments"
    verbose_name = _("Fine collection")

    def ready(self) -> None:
        from sunshine.cases.hooks import case_acted, register_action_check, register_case_panel

        from .handlers import check_case_action, on_case_acted
        from .panels import case_panel

        case_acted.connect(on_case_acted, dispatch_uid="payments.on_case_acted")
        register_action_check(check_case_action)
        register_case_panel(case_panel)
