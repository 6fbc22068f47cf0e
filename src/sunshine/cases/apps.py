from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sunshine.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        # The five-step ladder counts penalty cases, and the 721 split counts penalty decisions.
        from sunshine.parties import ladder

        from .ladder import case_history, enforcement_count

        ladder.register_history_source(case_history)
        ladder.register_enforcement_counter(enforcement_count)
