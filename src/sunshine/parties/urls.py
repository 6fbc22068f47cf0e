from django.urls import path

from . import views

app_name = "parties"

urlpatterns = [
    path("", views.party_list, name="party_list"),
    path("new/", views.party_create, name="party_create"),
    path("search/", views.party_search, name="party_search"),
    path("<int:pk>/", views.party_detail, name="party_detail"),
    path("<int:pk>/edit/", views.party_edit, name="party_edit"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/new/", views.contact_record, name="contact_record"),
    path("contacts/recommendation/", views.contact_recommendation, name="contact_recommendation"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/photo/", views.contact_photo, name="contact_photo"),
    path("vending-points/", views.point_list, name="point_list"),
    path("vending-points/new/", views.point_create, name="point_create"),
    path("vending-points/<int:pk>/", views.point_detail, name="point_detail"),
    path("vending-points/<int:pk>/edit/", views.point_edit, name="point_edit"),
    path("vending-points/<int:pk>/assign/", views.point_assign, name="point_assign"),
    path("vending-points/<int:pk>/wait/", views.point_wait, name="point_wait"),
    path("waiting/<int:pk>/withdraw/", views.waiting_withdraw, name="waiting_withdraw"),
    path("assignments/<int:pk>/release/", views.assignment_release, name="assignment_release"),
    path("map/", views.map_view, name="map"),
    path("map/data.json", views.map_data, name="map_data"),
    path("summary/", views.summary, name="summary"),
]
