"""Forms of the login, password and two-factor pages and of the security administrator's workspace."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from .roles import Role


class BootstrapMixin:
    """Bootstrap classes on every widget (the templates render fields one by one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                css = ""
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class LoginForm(BootstrapMixin, AuthenticationForm):
    """The same message for every failure: unknown user, wrong password, disabled account, demo password."""

    error_messages = {
        "invalid_login": _("The username or password is incorrect."),
        "inactive": _("The username or password is incorrect."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class PasswordForm(BootstrapMixin, PasswordChangeForm):
    """Old password and the new one twice; the policy's validators run on the new one.

    The view saves through :func:`sunshine.accounts.services.user_set_password`, never ``save()``.
    """


class TokenForm(BootstrapMixin, forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip().replace(" ", "")


ROLE_CHOICES = Role.choices


class UserCreateForm(BootstrapMixin, forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[\w.@+-]+\Z",
        max_length=150,
        help_text=_("Letters, digits and @/./+/-/_ only."),
    )
    display_name = forms.CharField(label=_("Display name"), max_length=64)
    email = forms.EmailField(label=_("E-mail"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )


class UserProfileForm(BootstrapMixin, forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=64)
    email = forms.EmailField(label=_("E-mail"), required=False)


class RolesForm(BootstrapMixin, forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )


class UserSearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *ROLE_CHOICES])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("active", _("Active")),
            ("disabled", _("Disabled")),
            ("locked", _("Locked")),
        ],
    )


class PolicyForm(BootstrapMixin, forms.Form):
    password_max_age_days = forms.IntegerField(
        label=_("Password maximum age (days)"),
        min_value=0,
        max_value=3650,
        help_text=_("0 means passwords do not expire; 90 is the common requirement."),
    )
    require_2fa_for_all = forms.BooleanField(label=_("Require two-factor for everyone"), required=False)


def password_help() -> list[str]:
    return password_validation.password_validators_help_texts()
