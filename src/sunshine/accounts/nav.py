from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Security"),
    "icon": "bi-shield-lock",
    "order": 90,
    "items": [
        (_("Accounts"), "security:user_list", "accounts.manage"),
        (_("Lockouts"), "security:lockouts", "accounts.manage"),
        (_("Security policy"), "security:policy", "accounts.manage"),
    ],
}
