from django.urls import path

from . import api

urlpatterns = [
    path("", api.PartyListCreate.as_view(), name="parties-api-party-list"),
    path("<int:pk>/", api.PartyDetail.as_view(), name="parties-api-party-detail"),
    path("<int:pk>/recommendation/", api.PartyRecommendation.as_view(), name="parties-api-recommendation"),
    path("contacts/", api.ContactListCreate.as_view(), name="parties-api-contact-list"),
    path("contacts/<int:pk>/", api.ContactDetail.as_view(), name="parties-api-contact-detail"),
    path("vending-points/", api.VendingPointListCreate.as_view(), name="parties-api-point-list"),
    path("vending-points/<int:pk>/", api.VendingPointDetail.as_view(), name="parties-api-point-detail"),
    path(
        "vending-points/<int:pk>/assign/", api.VendingPointAssign.as_view(), name="parties-api-point-assign"
    ),
    path(
        "vending-points/<int:pk>/waiting/",
        api.VendingPointWaiting.as_view(),
        name="parties-api-point-waiting",
    ),
    path("waiting/<int:pk>/withdraw/", api.WaitingWithdraw.as_view(), name="parties-api-waiting-withdraw"),
    path("assignments/<int:pk>/release/", api.AssignmentRelease.as_view(), name="parties-api-release"),
    path("split-721/", api.Split721View.as_view(), name="parties-api-split-721"),
]
