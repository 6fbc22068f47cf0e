"""Password rules of GB/T 22239-2019 (8.1.4.1 a): length, complexity, not the username."""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def character_classes(password: str) -> int:
    classes = [
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(c in string.punctuation or not c.isalnum() for c in password),
    ]
    return sum(classes)


class CharacterClassValidator:
    """At least ``min_classes`` of: lower case, upper case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                ngettext(
                    "The password must mix at least %(n)d kind of character"
                    " (lower case, upper case, digits, symbols).",
                    "The password must mix at least %(n)d kinds of characters"
                    " (lower case, upper case, digits, symbols).",
                    self.min_classes,
                )
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("Use at least three of: lower case, upper case, digits, symbols.")


class NotUsernameValidator:
    """The password must not be, or contain, the username (either way round, any case)."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        if username and (username in password.lower() or password.lower() in username):
            raise ValidationError(
                _("The password must not contain the username."), code="password_is_username"
            )

    def get_help_text(self):
        return _("The password must not contain the username.")
