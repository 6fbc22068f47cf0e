"""The accounts API: the token endpoint and the security administrator's account management.

- ``POST /api/v1/auth/token/`` (public): username, password and — for two-factor users — ``otp``;
  returns ``{"token": ...}``. Lockout and the demo-password refusal apply exactly as on the web.
- ``/api/v1/auth/users/…`` (``accounts.manage``): list, create, show, update, roles, enable,
  disable, reset password, unlock, reset two-factor; ``/api/v1/auth/lockouts/``.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.audit.services import audit_append
from sunshine.core.api import error_response
from sunshine.core.permissions import HasCapability

from . import selectors, services
from .handlers import client_meta
from .models import User
from .roles import Role


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(max_length=16, required=False, allow_blank=True)


class TokenObtainView(APIView):
    """Exchange credentials (and the one-time code, for two-factor users) for an API token."""

    public = True
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes: list = []

    @extend_schema(
        request=TokenRequestSerializer,
        responses=inline_serializer(
            "TokenResponse", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()}
        ),
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        username, password = data.validated_data["username"], data.validated_data["password"]
        otp = data.validated_data.get("otp", "").strip().replace(" ", "")
        django_request = request._request
        user = authenticate(django_request, username=username, password=password)
        if user is None:
            # Locked accounts are answered by django-axes' lockout response (HTTP 429).
            return _invalid()
        if (
            selectors.two_factor_required(user)
            or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        ):
            if not otp:
                return error_response(
                    "otp_required",
                    _("This account uses two-factor authentication: send the code as `otp`."),
                    status.HTTP_401_UNAUTHORIZED,
                )
            if match_token(user, otp) is None:
                audit_append(
                    actor=user,
                    action="accounts.two_factor_failed",
                    obj=user,
                    payload=client_meta(django_request),
                )
                return _invalid()
        if selectors.password_must_change(user):
            return error_response(
                "password_change_required",
                _("The password has expired or was reset: change it on the web first."),
                status.HTTP_403_FORBIDDEN,
            )
        token = services.token_issue(user=user, request_meta=client_meta(django_request))
        return Response({"token": token.key, "expires_at": selectors.token_expires_at(token).isoformat()})


def _invalid():
    return error_response(
        "invalid_credentials", _("The username or password is incorrect."), status.HTTP_401_UNAUTHORIZED
    )


class UserSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "display_name",
            "email",
            "is_active",
            "is_staff",
            "must_change_password",
            "password_changed_at",
            "last_login",
            "roles",
        ]
        read_only_fields = fields

    def get_roles(self, obj) -> list[str]:
        return sorted(g.name for g in obj.groups.all())


class UserCreateSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    display_name = serializers.CharField(max_length=64)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices), allow_empty=True)


class UserUpdateSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=64)
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class RolesSerializer(serializers.Serializer):
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices), allow_empty=True)


def _validation(exc: DjangoValidationError):
    from rest_framework.exceptions import ValidationError

    if hasattr(exc, "error_dict"):
        return ValidationError(exc.message_dict)
    return ValidationError({"password": exc.messages})


class _ManagerView(APIView):
    permission_classes = [HasCapability]
    required_capability = "accounts.manage"

    def subject(self, request, pk):
        return selectors.user_get(user=request.user, pk=pk)


class UserListView(_ManagerView):
    """Accounts (search with ``q``, filter with ``role`` and ``status``) and account creation."""

    @extend_schema(responses=UserSerializer(many=True))
    def get(self, request):
        qs = selectors.user_list(
            user=request.user,
            q=request.query_params.get("q", ""),
            role=request.query_params.get("role", ""),
            status=request.query_params.get("status", ""),
        )
        from sunshine.core.api import Pagination

        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(UserSerializer(page, many=True).data)

    @extend_schema(
        request=UserCreateSerializer,
        responses={
            201: inline_serializer(
                "UserCreated", {"user": UserSerializer(), "temporary_password": serializers.CharField()}
            )
        },
    )
    def post(self, request):
        data = UserCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if User.objects.filter(username=data.validated_data["username"]).exists():
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"username": [_("A user with that username already exists.")]})
        try:
            user, temporary = services.user_create(actor=request.user, **data.validated_data)
        except DjangoValidationError as exc:
            raise _validation(exc) from exc
        return Response(
            {"user": UserSerializer(user).data, "temporary_password": temporary},
            status=status.HTTP_201_CREATED,
        )


class UserDetailView(_ManagerView):
    @extend_schema(responses=UserSerializer)
    def get(self, request, pk):
        return Response(UserSerializer(self.subject(request, pk)).data)

    @extend_schema(request=UserUpdateSerializer, responses=UserSerializer)
    def patch(self, request, pk):
        subject = self.subject(request, pk)
        data = UserUpdateSerializer(
            data={"display_name": subject.display_name, "email": subject.email, **request.data}
        )
        data.is_valid(raise_exception=True)
        user = services.user_update_profile(actor=request.user, user=subject, **data.validated_data)
        return Response(UserSerializer(user).data)


class UserRolesView(_ManagerView):
    @extend_schema(request=RolesSerializer, responses=UserSerializer)
    def post(self, request, pk):
        subject = self.subject(request, pk)
        data = RolesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_set_roles(actor=request.user, user=subject, roles=data.validated_data["roles"])
        return Response(UserSerializer(User.objects.prefetch_related("groups").get(pk=user.pk)).data)


class UserEnableView(_ManagerView):
    active = True

    @extend_schema(request=None, responses=UserSerializer)
    def post(self, request, pk):
        user = services.user_set_active(
            actor=request.user, user=self.subject(request, pk), active=self.active
        )
        return Response(UserSerializer(user).data)


class UserDisableView(UserEnableView):
    active = False


class UserResetPasswordView(_ManagerView):
    @extend_schema(
        request=None,
        responses=inline_serializer("TemporaryPassword", {"temporary_password": serializers.CharField()}),
    )
    def post(self, request, pk):
        temporary = services.user_reset_password(actor=request.user, user=self.subject(request, pk))
        return Response({"temporary_password": temporary})


class UserUnlockView(_ManagerView):
    @extend_schema(
        request=None, responses=inline_serializer("Unlocked", {"records_cleared": serializers.IntegerField()})
    )
    def post(self, request, pk):
        subject = self.subject(request, pk)
        return Response(
            {"records_cleared": services.user_unlock(actor=request.user, username=subject.username)}
        )


class UserResetTwoFactorView(_ManagerView):
    @extend_schema(
        request=None,
        responses=inline_serializer("TwoFactorReset", {"devices_removed": serializers.IntegerField()}),
    )
    def post(self, request, pk):
        removed = services.user_reset_two_factor(actor=request.user, user=self.subject(request, pk))
        return Response({"devices_removed": removed})


class LockoutListView(_ManagerView):
    """Accounts with current failed-login records, and whether each is locked now."""

    @extend_schema(
        responses=inline_serializer(
            "Lockout",
            {
                "username": serializers.CharField(),
                "failures": serializers.IntegerField(),
                "last": serializers.DateTimeField(),
                "locked": serializers.BooleanField(),
                "unlocks_at": serializers.DateTimeField(),
            },
            many=True,
        )
    )
    def get(self, request):
        rows, _failures = selectors.lockout_list(user=request.user)
        return Response(
            [
                {
                    "username": r["username"],
                    "failures": r["failures"],
                    "last": r["last"],
                    "locked": r["locked"],
                    "unlocks_at": r["unlocks_at"],
                }
                for r in rows
            ]
        )
