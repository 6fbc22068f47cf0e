"""The security administrator's workspace (/work/security/): accounts, roles, lockouts, policy.

Every page needs ``accounts.manage``; every change goes through :mod:`sunshine.accounts.services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sunshine.core.errors import RuleViolation
from sunshine.core.permissions import capability_required

from . import selectors, services
from .forms import PolicyForm, RolesForm, UserCreateForm, UserProfileForm, UserSearchForm
from .roles import TWO_FACTOR_ROLES, Role


def role_labels(names) -> list[str]:
    """Role names as the user reads them (translated), in the order of :class:`Role`."""
    names = set(names)
    return [str(label) for value, label in Role.choices if value in names]


def _show_errors(request, exc) -> None:
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(exc))


@capability_required("accounts.manage")
def user_list(request):
    form = UserSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.user_list(
        user=request.user,
        q=filters.get("q", ""),
        role=filters.get("role", ""),
        status=filters.get("status", ""),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    users = list(page.object_list)
    locked = selectors.locked_usernames(u.username for u in users)
    with_2fa = selectors.users_with_two_factor(users)
    rows = [
        {
            "user": u,
            "roles": role_labels(g.name for g in u.groups.all()),
            "locked": u.username in locked,
            "two_factor": u.pk in with_2fa,
        }
        for u in users
    ]
    return render(request, "accounts/security/user_list.html", {"form": form, "page": page, "rows": rows})


@capability_required("accounts.manage")
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, temporary = services.user_create(
                actor=request.user,
                username=data["username"],
                display_name=data["display_name"],
                email=data["email"],
                roles=data["roles"],
            )
        except RuleViolation as exc:
            form.add_error("roles", str(exc))
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {"__all__": exc.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return render(
                request,
                "accounts/security/temporary_password.html",
                {"subject": user, "password": temporary},
            )
    return render(request, "accounts/security/user_create.html", {"form": form})


@capability_required("accounts.manage")
def user_detail(request, pk: int):
    subject = selectors.user_get(user=request.user, pk=pk)
    roles = [g.name for g in subject.groups.all()]
    profile_form = UserProfileForm(
        request.POST if request.POST.get("form") == "profile" else None,
        initial={"display_name": subject.display_name, "email": subject.email},
    )
    if request.method == "POST" and profile_form.is_valid():
        try:
            services.user_update_profile(actor=request.user, user=subject, **profile_form.cleaned_data)
        except (RuleViolation, ValidationError) as exc:
            _show_errors(request, exc)
        else:
            messages.success(request, _("The account has been updated."))
        return redirect("security:user_detail", pk=subject.pk)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return render(
        request,
        "accounts/security/user_detail.html",
        {
            "subject": subject,
            "roles": role_labels(roles),
            "profile_form": profile_form,
            "roles_form": RolesForm(initial={"roles": roles}),
            "locked": bool(selectors.locked_usernames([subject.username])),
            "two_factor": TOTPDevice.objects.filter(user=subject, confirmed=True).exists(),
            "two_factor_required": bool(set(roles) & TWO_FACTOR_ROLES),
            "is_self": subject.pk == request.user.pk,
        },
    )


def _action(request, pk, fn, success):
    subject = selectors.user_get(user=request.user, pk=pk)
    try:
        result = fn(subject)
    except (RuleViolation, ValidationError) as exc:
        _show_errors(request, exc)
        return redirect("security:user_detail", pk=subject.pk), subject, None
    if success:
        messages.success(request, success)
    return redirect("security:user_detail", pk=subject.pk), subject, result


@capability_required("accounts.manage")
@require_POST
def user_roles(request, pk: int):
    form = RolesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose valid roles."))
        return redirect("security:user_detail", pk=pk)
    response, _subject, _result = _action(
        request,
        pk,
        lambda u: services.user_set_roles(actor=request.user, user=u, roles=form.cleaned_data["roles"]),
        _("The roles have been saved."),
    )
    return response


@capability_required("accounts.manage")
@require_POST
def user_enable(request, pk: int):
    return _action(
        request,
        pk,
        lambda u: services.user_set_active(actor=request.user, user=u, active=True),
        _("The account is enabled."),
    )[0]


@capability_required("accounts.manage")
@require_POST
def user_disable(request, pk: int):
    return _action(
        request,
        pk,
        lambda u: services.user_set_active(actor=request.user, user=u, active=False),
        _("The account is disabled; its sessions and API token have ended."),
    )[0]


@capability_required("accounts.manage")
@require_POST
def user_reset_password(request, pk: int):
    response, subject, temporary = _action(
        request, pk, lambda u: services.user_reset_password(actor=request.user, user=u), None
    )
    if temporary is None:
        return response
    return render(
        request,
        "accounts/security/temporary_password.html",
        {"subject": subject, "password": temporary, "reset": True},
    )


@capability_required("accounts.manage")
@require_POST
def user_unlock(request, pk: int):
    return _action(
        request,
        pk,
        lambda u: services.user_unlock(actor=request.user, username=u.username),
        _("The account is unlocked."),
    )[0]


@capability_required("accounts.manage")
@require_POST
def user_reset_two_factor(request, pk: int):
    return _action(
        request,
        pk,
        lambda u: services.user_reset_two_factor(actor=request.user, user=u),
        _("Two-factor authentication has been reset; the user sets it up again at the next login."),
    )[0]


@capability_required("accounts.manage")
def lockouts(request):
    rows, failures = selectors.lockout_list(user=request.user)
    return render(request, "accounts/security/lockouts.html", {"rows": rows, "failures": failures})


@capability_required("accounts.manage")
@require_POST
def lockout_clear(request):
    username = request.POST.get("username", "")
    if username:
        services.user_unlock(actor=request.user, username=username)
        messages.success(request, _("The account is unlocked."))
    return redirect("security:lockouts")


@capability_required("accounts.manage")
def policy(request):
    current = selectors.policy_for(request)
    form = PolicyForm(
        request.POST or None,
        initial={
            "password_max_age_days": current.password_max_age_days,
            "require_2fa_for_all": current.require_2fa_for_all,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.security_policy_update(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The security policy has been saved."))
        return redirect(reverse("security:policy"))
    return render(request, "accounts/security/policy.html", {"form": form, "policy": current})
