"""User accounts and the bureau's security policy."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, _user_has_module_perms, _user_has_perm
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in: staff, administrators and social supervisors.

    Citizens use the public portal without an account. A staff member's organisational data
    (unit, certificate, training) lives in :class:`sunshine.org.models.Staff`.
    """

    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    # No superuser shortcut: permissions come from the role capabilities only (backends.py), so the
    # three administrators stay apart even if someone sets is_superuser (GB/T 22239-2019 8.1.4.2 d)).
    def has_perm(self, perm, obj=None) -> bool:
        return self.is_active and _user_has_perm(self, perm, obj)

    def has_module_perms(self, app_label) -> bool:
        return self.is_active and _user_has_module_perms(self, app_label)


class SecurityPolicy(models.Model):
    """The one row of settings the security administrator controls (GB/T 22239-2019 8.1.4)."""

    password_max_age_days = models.PositiveIntegerField(
        _("password maximum age (days)"),
        default=0,
        help_text=_("0 means passwords do not expire; 90 is the common requirement."),
    )
    require_2fa_for_all = models.BooleanField(_("require two-factor for everyone"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("security policy")
        verbose_name_plural = _("security policy")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="security_policy_singleton")]

    def __str__(self) -> str:
        return str(_("security policy"))

    @classmethod
    def current(cls) -> SecurityPolicy:
        policy, _created = cls.objects.get_or_create(id=1)
        return policy
