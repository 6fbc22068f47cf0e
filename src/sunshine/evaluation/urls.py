"""Staff pages under ``/work/evaluation/``."""

from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.rankings, name="rankings"),
    path("units/<int:pk>/<int:year>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/<int:year>/export/", views.unit_export, name="unit_export"),
    path("mine/", views.mine, name="mine"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("reviews/add/", views.review_add, name="review_add"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/score/", views.review_score, name="review_score"),
    path("draws/", views.draws, name="draws"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("rubrics/", views.rubric_list, name="rubric_list"),
    path("rubrics/new/", views.rubric_new, name="rubric_new"),
    path("rubrics/<int:pk>/", views.rubric_detail, name="rubric_detail"),
    path("party/", views.party_queue, name="party_queue"),
    path("party/<int:pk>/follow-up/", views.party_follow_up, name="party_follow_up"),
    path("cases/<int:case_pk>/link/", views.case_link, name="case_link"),
    path("requests/<int:request_pk>/link/", views.request_link, name="request_link"),
]
