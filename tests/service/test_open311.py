"""Open311 GeoReport v2 against the specification's JSON Schemas, both formats, errors, never a 500."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from sunshine.service import services
from sunshine.service.models import ApiKey, Request
from tests.factories import MatterFactory

pytestmark = pytest.mark.django_db
parse_xml = ET.fromstring
SCHEMAS = Path(__file__).parent / "schemas"


def _registry():
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text())
        resources.append((path.name, Resource.opaque(schema)))
    return Registry().with_resources(resources)


def validate(data, name):
    schema = json.loads((SCHEMAS / name).read_text())
    Draft7Validator(schema, registry=_registry()).validate(data)


@pytest.fixture
def key(db):
    return ApiKey.objects.create(key="demo-open311-key", name="demo")


BASE = "/open311/v2/"


def test_discovery_both_formats(client):
    data = client.get(BASE + "discovery.json").json()
    assert data["endpoints"][0]["url"].endswith("/open311/v2/")
    root = parse_xml(client.get(BASE + "discovery.xml").content)
    assert root.tag == "discovery" and root.find("endpoints/endpoint/url") is not None


def test_services_and_definition_match_schemas(client):
    MatterFactory(code="SR-001", name="占道经营")
    data = client.get(BASE + "services.json").json()
    validate(data, "services.json")
    codes = [s["service_code"] for s in data]
    assert "complaint" in codes and "matter-SR-001" in codes
    definition = client.get(BASE + "services/matter-SR-001.json").json()
    validate(definition, "service-definition.json")
    root = parse_xml(client.get(BASE + "services.xml").content)
    assert root.tag == "services" and len(root.findall("service")) == len(data)
    xml_def = parse_xml(client.get(BASE + "services/complaint.xml").content)
    assert xml_def.find("attributes/attribute/values/value/key").text == "ordinary"


def test_post_request_enters_first_inquiry_flow(client, key, clerk):
    MatterFactory(code="SR-001", name="占道经营")
    resp = client.post(
        BASE + "requests.json",
        {
            "api_key": key.key,
            "service_code": "matter-SR-001",
            "lat": "34.37",
            "long": "118.35",
            "description": "早市占道，电话13912345678",
            "phone": "13912345678",
            "attribute[urgency]": "urgent",
        },
    )
    assert resp.status_code == 201
    rid = resp.json()[0]["service_request_id"]
    req = Request.objects.get(tracking_no=rid)
    assert req.channel == "web" and req.urgency == "urgent" and req.matter.code == "SR-001"
    got = client.get(BASE + f"requests/{rid}.json").json()
    validate(got, "requests.json")
    assert got[0]["status"] == "open" and "13912345678" not in json.dumps(got, ensure_ascii=False)
    services.request_claim(actor=clerk, request=req)
    services.request_reply(actor=clerk, request=req, channel="phone", content="已清理")
    got = client.get(BASE + f"requests/{rid}.json").json()
    assert got[0]["status"] == "closed" and got[0]["status_notes"] == "已清理"
    token = client.get(BASE + f"tokens/{rid}.json").json()
    assert token[0]["service_request_id"] == rid
    xml = parse_xml(client.get(BASE + f"requests/{rid}.xml").content)
    assert xml.tag == "service_requests" and xml.find("request/service_request_id").text == rid


def test_get_requests_filters(client, clerk):
    a = services.request_register(actor=clerk, channel="phone", kind="inquiry", content="问询")
    b = services.request_register(actor=clerk, channel="phone", kind="suggestion", content="建议")
    services.request_reply(actor=clerk, request=b, channel="phone", content="感谢")
    data = client.get(BASE + "requests.json").json()
    validate(data, "requests.json")
    assert {r["service_request_id"] for r in data} == {a.tracking_no, b.tracking_no}
    assert [r["service_request_id"] for r in client.get(BASE + "requests.json?status=open").json()] == [
        a.tracking_no
    ]
    assert [
        r["service_request_id"] for r in client.get(BASE + "requests.json?service_code=suggestion").json()
    ] == [b.tracking_no]
    ids = client.get(BASE + f"requests.json?service_request_id={a.tracking_no},{b.tracking_no}").json()
    assert len(ids) == 2
    assert (
        client.get(
            BASE + "requests.json?start_date=2001-01-01T00:00:00Z&end_date=2001-02-01T00:00:00Z"
        ).json()
        == []
    )


@pytest.mark.parametrize(
    ("method", "url", "data", "status"),
    [
        (
            "post",
            "requests.json",
            {"service_code": "complaint", "lat": "1", "long": "1", "description": "x"},
            403,
        ),
        (
            "post",
            "requests.json",
            {"api_key": "revoked", "service_code": "complaint", "description": "x"},
            403,
        ),
        (
            "post",
            "requests.json",
            {"api_key": "demo-open311-key", "lat": "1", "long": "1", "description": "x"},
            400,
        ),
        (
            "post",
            "requests.json",
            {"api_key": "demo-open311-key", "service_code": "nope", "description": "x"},
            404,
        ),
        (
            "post",
            "requests.json",
            {"api_key": "demo-open311-key", "service_code": "complaint", "description": "x"},
            400,
        ),
        (
            "post",
            "requests.json",
            {
                "api_key": "demo-open311-key",
                "service_code": "complaint",
                "lat": "abc",
                "long": "1",
                "description": "x",
            },
            400,
        ),
        (
            "post",
            "requests.json",
            {
                "api_key": "demo-open311-key",
                "service_code": "complaint",
                "lat": "100",
                "long": "1",
                "description": "x",
            },
            400,
        ),
        (
            "post",
            "requests.json",
            {"api_key": "demo-open311-key", "service_code": "complaint", "lat": "1", "long": "1"},
            400,
        ),
        ("get", "requests.json?start_date=yesterday", None, 400),
        ("get", "requests.json?status=pending", None, 400),
        ("get", "requests/S000.json", None, 404),
        ("get", "tokens/S000.json", None, 404),
        ("get", "services/nope.json", None, 404),
        ("get", "nothing-here", None, 404),
        ("get", "services.yaml", None, 404),
    ],
)
def test_errors_in_spec_format(client, key, method, url, data, status):
    ApiKey.objects.create(key="revoked", name="old", active=False)
    resp = (
        getattr(client, method)(BASE + url, data) if data is not None else getattr(client, method)(BASE + url)
    )
    assert resp.status_code == status
    body = resp.json()
    assert body[0]["code"] == status and body[0]["description"]


def test_error_xml(client):
    root = parse_xml(client.get(BASE + "requests/S000.xml").content)
    assert root.tag == "errors" and root.find("error/code").text == "404"


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["service_request_id", "service_code", "start_date", "end_date", "status", "lat", "long"]
        ),
        st.text(max_size=30),
        max_size=4,
    )
)
def test_never_a_500(client, key, params):
    assert client.get(BASE + "requests.json", params).status_code < 500
    data = {"api_key": key.key, "service_code": "complaint", "description": "x", **params}
    assert client.post(BASE + "requests.json", data).status_code < 500


def test_schema_validation_rejects_a_bad_request():
    """The schemas are really applied (the $ref to request.json resolves)."""
    from jsonschema import ValidationError

    with pytest.raises(ValidationError):
        validate([{"service_request_id": "x"}], "requests.json")
    with pytest.raises(ValidationError):
        validate(
            [
                {
                    "service_request_id": "x",
                    "status": "pending",
                    "service_code": "a",
                    "requested_datetime": "t",
                }
            ],
            "requests.json",
        )
