"""Properties checked over many generated inputs (hypothesis)."""

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from sunshine.org import demo
from sunshine.org.services import point_in_polygon


@settings(max_examples=300, deadline=None)
@given(
    birth=st.dates(min_value=dt.date(1967, 1, 2), max_value=dt.date(2003, 1, 1)),
    male=st.booleans(),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_generated_id_numbers_pass_gb_11643(birth, male, seed):
    number = demo.id_number(random.Random(seed), birth=birth, male=male)
    assert ric.is_valid(number)
    assert ric.get_birth_date(number) == birth
    assert (int(number[16]) % 2 == 1) is male


RECT = {"type": "Polygon", "coordinates": [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]]}


@settings(max_examples=300, deadline=None)
@given(
    lng=st.floats(min_value=-1, max_value=5, allow_nan=False),
    lat=st.floats(min_value=-1, max_value=3, allow_nan=False),
)
def test_point_in_rectangle_agrees_with_comparison(lng, lat):
    assert point_in_polygon(lng, lat, RECT) == (0 <= lng <= 4 and 0 <= lat <= 2)


@settings(max_examples=200, deadline=None)
@given(
    lng=st.floats(min_value=0, max_value=4, allow_nan=False),
    lat=st.floats(min_value=0, max_value=2, allow_nan=False),
)
def test_two_triangles_cover_the_rectangle(lng, lat):
    lower = {"type": "Polygon", "coordinates": [[[0, 0], [4, 0], [4, 2], [0, 0]]]}
    upper = {"type": "Polygon", "coordinates": [[[0, 0], [4, 2], [0, 2], [0, 0]]]}
    assert point_in_polygon(lng, lat, lower) or point_in_polygon(lng, lat, upper)
