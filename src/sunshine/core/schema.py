"""OpenAPI schema generation for the whole API.

drf-spectacular drops a plain ``APIView`` with no serializer from the schema (warning W002). Such
views answer JSON objects built by hand; they are documented here as free-form objects rather than
left out, and a GET on a collection path is named ``…_list`` rather than colliding with the detail's
``…_retrieve``. Views that declare their serializers with ``extend_schema`` keep them.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes


class AutoSchema(SpectacularAutoSchema):
    def _has_serializer(self) -> bool:
        view = self.view
        return any(
            hasattr(view, name) for name in ("get_serializer", "get_serializer_class", "serializer_class")
        )

    def _get_serializer(self):
        if not self._has_serializer():
            return OpenApiTypes.OBJECT
        return super()._get_serializer()

    def get_operation_id(self):
        operation_id = super().get_operation_id()
        collection = self.method == "GET" and not self.path.rstrip("/").endswith("}")
        if collection and not self._has_serializer() and operation_id.endswith("_retrieve"):
            operation_id = operation_id[: -len("_retrieve")] + "_list"
        return operation_id
