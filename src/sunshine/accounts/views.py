"""Login, logout, password change and two-factor authentication (GB/T 22239-2019 8.1.4.1)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunshine.audit.services import audit_append
from sunshine.core.errors import RuleViolation

from . import rules, services
from .forms import LoginForm, PasswordForm, TokenForm, password_help
from .handlers import client_meta
from .middleware import ENROLLED_SESSION_KEY
from .selectors import (
    home_url,
    password_expires_at,
    password_must_change,
    policy_for,
    two_factor_required,
)

ENROL_SESSION_KEY = "sunshine_2fa_enrol_device"


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        auth_login(self.request, user)
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            # An enrolled authenticator is asked for at every login, required or not.
            self.request.session[ENROLLED_SESSION_KEY] = True
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        user = self.request.user
        target = self.get_redirect_url() or home_url(user)
        if two_factor_required(user, policy_for(self.request)) or self.request.session.get(
            ENROLLED_SESSION_KEY
        ):
            return f"{reverse('accounts:two_factor')}?{urlencode({'next': target})}"
        return target


@require_POST
@csrf_protect
def logout_view(request):
    """Log out (POST only, so that a link or image cannot end someone's session)."""
    auth_logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("accounts:login")


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """What django-axes answers once an account is locked (GB/T 22239-2019 8.1.4.1 b))."""
    message = _(
        "Too many failed logins: this account is locked for %(minutes)d minutes. "
        "Try again later, or ask the security administrator to unlock it."
    ) % {"minutes": rules.LOCKOUT_MINUTES}
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "locked_out", "message": message}}, status=429)
    return render(
        request,
        "accounts/locked_out.html",
        {"message": message, "citation": rules.CITE_LOGIN_FAILURE},
        status=429,
    )


@never_cache
@sensitive_post_parameters()
@login_required
def password_change(request):
    """Change one's own password; the page every expired or reset account is sent to first."""
    user = request.user
    policy = policy_for(request)
    if two_factor_required(user, policy) and not user.is_verified():
        return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}")
    forced = password_must_change(user, policy)
    form = PasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.user_set_password(
                actor=user, user=user, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            update_session_auth_hash(request, updated)
            messages.success(request, _("Your password has been changed."))
            return redirect(safe_next(request, home_url(request.user)))
    return render(
        request,
        "accounts/password_change.html",
        {
            "form": form,
            "forced": forced,
            "must_change": user.must_change_password,
            "expires_at": password_expires_at(user, policy),
            "help_texts": password_help(),
            "next": safe_next(request, ""),
        },
    )


def _qr_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def _base32(device: TOTPDevice) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters()
@login_required
def two_factor(request):
    """Verify (enrolled, not yet verified), enrol (no authenticator yet) or manage (verified)."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if confirmed and not user.is_verified():
        return _verify(request)
    if not confirmed:
        return _enrol(request)
    return render(
        request,
        "accounts/two_factor_manage.html",
        {
            "required": two_factor_required(user, policy_for(request)),
            "devices": TOTPDevice.objects.filter(user=user, confirmed=True),
            "backup_left": sum(d.token_set.count() for d in user.staticdevice_set.all()),
        },
    )


def _verify(request):
    user = request.user
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            request.session[ENROLLED_SESSION_KEY] = True
            audit_append(
                actor=user,
                action="accounts.two_factor_verify",
                obj=user,
                payload={"device": device.persistent_id, **client_meta(request)},
            )
            return redirect(safe_next(request, home_url(request.user)))
        audit_append(actor=user, action="accounts.two_factor_failed", obj=user, payload=client_meta(request))
        form.add_error("token", _("The code is not valid. Check the time on your phone and try again."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": safe_next(request, "")})


def _enrol(request):
    user = request.user
    device = None
    device_id = request.session.get(ENROL_SESSION_KEY)
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None or (request.method == "GET" and request.GET.get("restart")):
        device = services.two_factor_enrol_start(user=user)
        request.session[ENROL_SESSION_KEY] = device.pk
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.two_factor_enrol_confirm(user=user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            request.session.pop(ENROL_SESSION_KEY, None)
            device.refresh_from_db()
            otp_login(request, device)
            request.session[ENROLLED_SESSION_KEY] = True
            return render(
                request,
                "accounts/two_factor_codes.html",
                {"codes": codes, "next": safe_next(request, home_url(user))},
            )
        form.add_error("token", _("The code is not valid. Check the time on your phone and try again."))
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr": _qr_data_uri(device),
            "secret": _base32(device),
            "required": two_factor_required(user, policy_for(request)),
            "next": safe_next(request, ""),
        },
    )


def _verified_only(request):
    if not request.user.is_verified():
        return redirect("accounts:two_factor")
    return None


@never_cache
@login_required
def two_factor_backup_codes(request):
    """New backup codes (POST); shown once."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    held = _verified_only(request)
    if held:
        return held
    codes = services.two_factor_backup_codes_regenerate(user=request.user)
    return render(
        request, "accounts/two_factor_codes.html", {"codes": codes, "next": reverse("accounts:two_factor")}
    )


@never_cache
@login_required
def two_factor_disable(request):
    """Switch two-factor off (POST), for users whose role does not require it."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    held = _verified_only(request)
    if held:
        return held
    try:
        services.two_factor_remove(user=request.user)
    except RuleViolation as exc:
        messages.error(request, str(exc))
        return redirect("accounts:two_factor")
    request.session.pop(ENROLLED_SESSION_KEY, None)
    messages.success(request, _("Two-factor authentication is off."))
    return redirect(home_url(request.user))
