from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "sunshine.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from sunshine.cases.hooks import register_case_panel

        from . import record
        from .panels import case_panel

        register_case_panel(case_panel)
        try:  # the officer record (执法档案) is the oversight app's; without it there is nothing to add to
            from sunshine.oversight.record import register_record_section
        except ImportError:
            return
        register_record_section(record.case_file_scores)
        register_record_section(record.party_evaluations)
