"""What a number typed or sent by someone else may be: ASCII digits, within bounds."""

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
