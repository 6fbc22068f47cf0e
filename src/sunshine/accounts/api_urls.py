from django.urls import path

from . import api

urlpatterns = [
    path("token/", api.TokenObtainView.as_view(), name="api-token"),
    path("users/", api.UserListView.as_view(), name="api-user-list"),
    path("users/<int:pk>/", api.UserDetailView.as_view(), name="api-user-detail"),
    path("users/<int:pk>/roles/", api.UserRolesView.as_view(), name="api-user-roles"),
    path("users/<int:pk>/enable/", api.UserEnableView.as_view(), name="api-user-enable"),
    path("users/<int:pk>/disable/", api.UserDisableView.as_view(), name="api-user-disable"),
    path(
        "users/<int:pk>/reset-password/", api.UserResetPasswordView.as_view(), name="api-user-reset-password"
    ),
    path("users/<int:pk>/unlock/", api.UserUnlockView.as_view(), name="api-user-unlock"),
    path(
        "users/<int:pk>/reset-two-factor/",
        api.UserResetTwoFactorView.as_view(),
        name="api-user-reset-two-factor",
    ),
    path("lockouts/", api.LockoutListView.as_view(), name="api-lockout-list"),
]
