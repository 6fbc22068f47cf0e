"""Property (hypothesis): whatever an officer types into the facts and whatever the party's details, no
public page, API answer or open data file ever contains an 18-character ID number, a mobile number or
the unmasked name of an individual party (国办发〔2018〕118号 (二)3; 《个人信息保护法》第二十八条)."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sunshine.disclosure import services
from sunshine.disclosure.models import Publication
from sunshine.parties.models import Party

from .conftest import id_number

pytestmark = pytest.mark.django_db

ID_RE = re.compile(r"\d{17}[\dXx]")
MOBILE_RE = re.compile(r"(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
COMPOUND = ["欧阳", "司马", "诸葛", "上官"]
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰红建国志东海波辉鹏宇浩然"
FILLER = "当事人在路边占道经营烧烤摊点经劝导仍未改正现场有群众围观，。、；（）"
_seq = itertools.count(500)


@st.composite
def people(draw):
    surname = draw(st.sampled_from(list(SURNAMES) + COMPOUND))
    given = draw(st.text(alphabet=GIVEN, min_size=1, max_size=2))
    birth = draw(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2000, 12, 31)))
    seq = draw(st.integers(min_value=0, max_value=999))
    area = draw(st.sampled_from(["320381", "110105", "440304"]))
    mobile = (
        "1"
        + draw(st.sampled_from("3456789"))
        + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=9, max_size=9)))
    )
    return {
        "name": surname + given,
        "id": id_number(seq, birth.strftime("%Y%m%d"), area),
        "mobile": mobile,
        "address": draw(st.sampled_from(["钟吾路", "人民路", "马陵山路"])) + f"{draw(st.integers(1, 999))}号",
    }


def _fragment(person):
    return st.sampled_from(
        [
            person["name"],
            person["id"],
            person["mobile"],
            f"+86 {person['mobile'][:3]} {person['mobile'][3:7]} {person['mobile'][7:]}",
            f"{person['id'][:6]} {person['id'][6:14]} {person['id'][14:]}",
            person["address"],
            "6222021234567890123",  # a bank account
            "身份证号",
            "电话",
        ]
    ) | st.text(alphabet=FILLER, max_size=12)


@st.composite
def cases(draw):
    party = draw(people())
    other = draw(people())  # someone else named in the facts (a witness)
    parts = draw(st.lists(_fragment(party) | _fragment(other), min_size=1, max_size=8))
    return party, other, "".join(parts)


def _public_texts(client, pub) -> list[str]:
    texts = [
        client.get("/disclosure/decisions/").content.decode(),
        client.get(f"/disclosure/decisions/{pub.pk}/").content.decode(),
        client.get("/api/v1/disclosure/decisions/").content.decode(),
        repr(client.get(f"/api/v1/disclosure/decisions/{pub.pk}/").json()),
        b"".join(client.get("/disclosure/data/decisions.json").streaming_content).decode(),
        b"".join(client.get("/disclosure/data/decisions.csv").streaming_content).decode("utf-8-sig"),
    ]
    return texts


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=cases())
def test_no_id_mobile_or_unmasked_name_ever_published(client, decide, team, data):
    party_data, _other, facts = data
    Publication.objects.all().delete()  # each example checks its own decision's pages and files
    cache.clear()
    pid = (
        party_data["id"]
        if not Party.objects.filter(id_number=party_data["id"]).exists()
        else id_number(next(_seq))
    )
    party = Party.objects.create(
        kind="individual",
        name=party_data["name"],
        id_number=pid,
        phone=party_data["mobile"],
        address=party_data["address"],
    )
    pub = decide(party=party, facts=facts, place=party_data["address"])
    services.publication_publish(actor=team.reviewer, pk=pub.pk)
    for text in _public_texts(client, pub):
        assert not ID_RE.search(text), ID_RE.search(text).group(0)
        assert not MOBILE_RE.search(text), MOBILE_RE.search(text).group(0)
        assert party_data["name"] not in text
        assert party_data["address"] not in text
        assert "6222021234567890123" not in text
