"""DRF token authentication that marks the request, so the security middleware lets it through.

The one-time code of a two-factor user is checked when the token is issued
(:class:`sunshine.accounts.api.TokenObtainView`); a token whose user must change their password
(reset, or expired under the policy) stops working until they do. A token stops working
``settings.API_TOKEN_TTL_HOURS`` after it was issued; it is then deleted and a new one must be asked for.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .selectors import password_must_change, token_expired


class SunshineTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            token.delete()
            raise AuthenticationFailed(_("The token has expired: ask for a new one at /api/v1/auth/token/."))
        if password_must_change(user):
            raise AuthenticationFailed(
                _("The password has expired: change it on the web, then get a new token.")
            )
        return user, token

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            request._request._sunshine_token_auth = True
        return result
