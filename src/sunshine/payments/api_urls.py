"""API under ``/api/v1/payments/``."""

from django.urls import path

from . import api

urlpatterns = [
    path("notices/", api.NoticeList.as_view(), name="payments-api-notices"),
    path("notices/<int:pk>/", api.NoticeDetail.as_view(), name="payments-api-notice"),
    path("reconciliations/", api.ReconciliationList.as_view(), name="payments-api-reconciliations"),
    path("reconciliations/<int:pk>/", api.ReconciliationDetail.as_view(), name="payments-api-reconciliation"),
    path("exceptions/", api.ExceptionList.as_view(), name="payments-api-exceptions"),
    path(
        "exceptions/<int:pk>/resolve/", api.ExceptionResolve.as_view(), name="payments-api-exception-resolve"
    ),
    path("arrangements/", api.ArrangementList.as_view(), name="payments-api-arrangements"),
    path(
        "arrangements/<int:pk>/decide/",
        api.ArrangementDecide.as_view(),
        name="payments-api-arrangement-decide",
    ),
    path("cases/<int:case_pk>/", api.CaseStatus.as_view(), name="payments-api-case"),
    path(
        "cases/<int:case_pk>/arrangements/",
        api.ArrangementRequest.as_view(),
        name="payments-api-case-arrangement",
    ),
    path("cash/", api.CashList.as_view(), name="payments-api-cash"),
    path("cash/<int:pk>/confirm/", api.CashConfirm.as_view(), name="payments-api-cash-confirm"),
    path("cash/<int:pk>/deposit/", api.CashDeposit.as_view(), name="payments-api-cash-deposit"),
]
