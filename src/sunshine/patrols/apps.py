from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatrolsConfig(AppConfig):
    name = "sunshine.patrols"
    label = "patrols"
    verbose_name = _("Patrols and incidents")

    def ready(self) -> None:
        try:  # the officer record (执法档案) is the oversight app's; without it there is nothing to add to
            from sunshine.oversight.record import register_record_section
        except ImportError:
            return
        from .record import patrols_section

        register_record_section(patrols_section)
