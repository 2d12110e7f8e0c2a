"""The public pages' template filters."""

from django.template import defaultfilters

from broadsheet.jinja2 import truncate_chars, truncate_words


def test_truncate_words_reads_as_django_truncatewords():
    text = " ".join(f"word{i}" for i in range(30))
    for count in (1, 20, 29, 30, 31):
        assert truncate_words(text, count) == defaultfilters.truncatewords(text, count)
    assert truncate_words("  spaced\n out  ", 5) == "spaced out"


def test_truncate_chars_ends_with_an_ellipsis_within_the_length():
    assert truncate_chars("short", 200) == "short"
    cut = truncate_chars("a sentence that goes on and on", 12)
    assert cut == "a sentence…" and len(cut) <= 12
    assert truncate_chars("x" * 201, 200) == "x" * 199 + "…"
