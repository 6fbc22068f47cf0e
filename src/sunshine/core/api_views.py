from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.accounts.roles import user_roles
from sunshine.core.permissions import HasCapability


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """The calling user and their roles."""

    permission_classes = [HasCapability]
    required_capability = "work.view"

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        return Response(
            {"username": user.username, "display_name": str(user), "roles": sorted(user_roles(user))}
        )
