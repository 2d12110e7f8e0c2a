"""broadsheet.sql.ModelQuery: rows of a fixed statement as model instances, as raw() makes them."""

import pytest

from broadsheet.publishing.models import Post
from broadsheet.sql import ModelQuery

_POSTS = ModelQuery(
    Post,
    # Columns out of the model's order, an extra column, and most fields left out.
    "SELECT published_at, title, upper(slug) AS shout, id, comments_open "
    f"FROM {Post._meta.db_table} WHERE blog_id = %(blog)s ORDER BY id",
)


def test_rows_become_instances_with_converted_values_and_extra_columns(team):
    first = team.post("First post")
    team.post("Second post")

    found = _POSTS.fetch({"blog": team.blog.pk})

    assert [(p.pk, p.title, p.shout) for p in found][0] == (first.pk, "First post", "FIRST-POST")
    assert found[0].published_at == first.published_at  # a datetime, even from SQLite's text
    assert found[0].comments_open is True
    assert {"source", "status"} <= found[0].get_deferred_fields()
    assert _POSTS.first({"blog": team.blog.pk + 1000}) is None


def test_the_same_results_as_raw(team, django_assert_num_queries):
    team.post("A post", tags=["one"])
    params = {"blog": team.blog.pk}
    expected = list(Post.objects.raw(_POSTS.sql, params))
    with django_assert_num_queries(1):
        found = _POSTS.fetch(params)
    for mine, theirs in zip(found, expected, strict=True):
        for name in ("id", "title", "published_at", "comments_open", "shout"):
            assert getattr(mine, name) == getattr(theirs, name)


def test_a_statement_without_the_primary_key_is_refused(team):
    with pytest.raises(ValueError, match="primary key"):
        ModelQuery(Post, f"SELECT title FROM {Post._meta.db_table}").fetch()


def test_datetime_parameters_compare_as_the_database_stores_them(team):
    older = team.post("Older", days_ago=2)
    newer = team.post("Newer", days_ago=1)
    before = ModelQuery(
        Post, f"SELECT id, title FROM {Post._meta.db_table} WHERE published_at < %(at)s"
    )
    assert [p.title for p in before.fetch({"at": newer.published_at})] == ["Older"]
    assert before.fetch({"at": older.published_at}) == []
    by_position = ModelQuery(
        Post, f"SELECT id, title FROM {Post._meta.db_table} WHERE published_at <= %s"
    )
    assert [p.title for p in by_position.fetch([older.published_at])] == ["Older"]
