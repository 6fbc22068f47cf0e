from django.urls import path

from . import api

urlpatterns = [
    path("events/", api.EventListView.as_view(), name="audit-event-list"),
    path("events/<int:seq>/", api.EventDetailView.as_view(), name="audit-event-detail"),
    path("events/<int:seq>/proof/", api.EventProofView.as_view(), name="audit-event-proof"),
    path("checkpoints/", api.CheckpointListView.as_view(), name="audit-checkpoint-list"),
    path("public/checkpoints/", api.PublicCheckpointListView.as_view(), name="audit-public-checkpoints"),
    path("public/key/", api.PublicKeyView.as_view(), name="audit-public-key"),
]
