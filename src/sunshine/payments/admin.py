"""Admin: the collection account is set here by the system administrator; everything else is read-only
(changes go through the services, which audit them)."""

from django.contrib import admin

from .models import BankPayment, CashReceipt, CollectionAccount, PaymentNotice, ReconciliationFile


@admin.register(CollectionAccount)
class CollectionAccountAdmin(admin.ModelAdmin):
    list_display = ["bank_name", "account_name", "account_number", "active", "updated_at"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaymentNotice)
class PaymentNoticeAdmin(ReadOnly):
    list_display = ["code", "decision_number", "fine", "due", "status", "paid_on"]
    search_fields = ["code", "decision_number"]
    list_filter = ["status"]


@admin.register(ReconciliationFile)
class ReconciliationFileAdmin(ReadOnly):
    list_display = ["name", "imported_at", "source", "lines"]


@admin.register(BankPayment)
class BankPaymentAdmin(ReadOnly):
    list_display = ["transaction_id", "code", "amount", "paid_on", "result", "resolution"]
    search_fields = ["transaction_id", "code"]
    list_filter = ["result", "resolution"]


@admin.register(CashReceipt)
class CashReceiptAdmin(ReadOnly):
    list_display = [
        "receipt_number",
        "amount",
        "collected_on",
        "handover_due",
        "handed_in_on",
        "deposited_on",
    ]
