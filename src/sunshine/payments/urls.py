"""Staff pages under ``/work/payments/``."""

from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("", views.index, name="index"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/print/", views.notice_print, name="notice_print"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("reconciliation/<int:pk>/", views.file_detail, name="file_detail"),
    path("exceptions/", views.exceptions, name="exceptions"),
    path("exceptions/<int:pk>/resolve/", views.exception_resolve, name="exception_resolve"),
    path("arrangements/", views.arrangements, name="arrangements"),
    path("arrangements/<int:pk>/decide/", views.arrangement_decide, name="arrangement_decide"),
    path("cases/<int:case_pk>/arrangement/", views.arrangement_request, name="arrangement_request"),
    path("cash/", views.cash, name="cash"),
    path("cash/<int:pk>/confirm/", views.cash_confirm, name="cash_confirm"),
    path("cash/<int:pk>/deposit/", views.cash_deposit, name="cash_deposit"),
    path("cash/<int:pk>/receipt/", views.cash_receipt, name="cash_receipt"),
]
