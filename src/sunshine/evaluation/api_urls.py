"""API under ``/api/v1/evaluation/``."""

from django.urls import path

from . import api

urlpatterns = [
    path("rubrics/", api.RubricListView.as_view(), name="api-evaluation-rubrics"),
    path("rubrics/<int:pk>/", api.RubricDetailView.as_view(), name="api-evaluation-rubric"),
    path("draws/", api.DrawListView.as_view(), name="api-evaluation-draws"),
    path("draws/<int:pk>/", api.DrawDetailView.as_view(), name="api-evaluation-draw"),
    path("reviews/", api.ReviewListView.as_view(), name="api-evaluation-reviews"),
    path("reviews/add/", api.ReviewAddView.as_view(), name="api-evaluation-review-add"),
    path("reviews/<int:pk>/", api.ReviewDetailView.as_view(), name="api-evaluation-review"),
    path("reviews/<int:pk>/score/", api.ReviewScoreView.as_view(), name="api-evaluation-review-score"),
    path("rankings/", api.RankingsView.as_view(), name="api-evaluation-rankings"),
    path("units/<int:pk>/<int:year>/", api.UnitYearView.as_view(), name="api-evaluation-unit"),
    path("mine/", api.MineView.as_view(), name="api-evaluation-mine"),
    path("party/", api.FollowUpQueueView.as_view(), name="api-evaluation-party"),
    path("party/<int:pk>/follow-up/", api.FollowUpView.as_view(), name="api-evaluation-follow-up"),
    path("cases/<int:case_pk>/link/", api.CaseLinkView.as_view(), name="api-evaluation-case-link"),
    path(
        "requests/<int:request_pk>/link/", api.RequestLinkView.as_view(), name="api-evaluation-request-link"
    ),
    path("public/<str:token>/", api.PublicRatingView.as_view(), name="api-evaluation-public"),
]
