"""What a number typed or sent by someone else may be (ASCII digits, within bounds), and a
form's values, however the form is sent (no NUL, which PostgreSQL cannot hold)."""

import pytest

from broadsheet.validation import whole_number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", 0),
        ("²", None),  # a digit to str.isdigit, not to int()
        ("١٢", None),  # Arabic-Indic digits
        ("-1", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("99999999999999999999", None),  # past what a database column holds
    ],
)
def test_whole_number(text, number):
    assert whole_number(text) == number


def test_whole_number_within_a_smaller_bound():
    assert whole_number("2147483647", largest=2**31 - 1) == 2**31 - 1
    assert whole_number("2147483648", largest=2**31 - 1) is None


def test_a_nul_in_any_form_is_refused_before_a_view_sees_it(team):
    from django.test import Client

    reader = Client()
    reader.force_login(team.outsider)
    multipart = reader.post("/reader/follow/", {"blog": "\x00"})  # the test client's default
    assert multipart.status_code == 400 and b"NUL character" in multipart.content
    urlencoded = reader.post(
        "/reader/follow/", "blog=%00", content_type="application/x-www-form-urlencoded"
    )
    assert urlencoded.status_code == 400
    broken = reader.post(
        "/reader/follow/", b"--x\r\nnonsense", content_type="multipart/form-data; boundary=x"
    )
    assert broken.status_code < 500
