import pytest

from stridecare.core.geo import distance_km, postcode_served


def test_distance_one_degree_of_latitude_is_about_111_km():
    # 2 * pi * 6371.0088 / 360 = 111.195 km
    assert distance_km(51.0, 0.0, 52.0, 0.0) == pytest.approx(111.195, abs=0.01)


def test_distance_to_itself_is_zero():
    assert distance_km(-33.9, 151.2, -33.9, 151.2) == 0


@pytest.mark.parametrize(
    ("postcode", "served", "expected"),
    [
        ("sw1a 1aa", ["SW1"], True),
        ("SW1A1AA", ["sw1a 1aa"], True),
        ("SE1 7PB", ["SW1", "N1"], False),
        ("", ["SW1"], False),
        ("3000", ["3000", "3001"], True),
    ],
)
def test_postcode_served(postcode, served, expected):
    assert postcode_served(postcode, served) is expected
