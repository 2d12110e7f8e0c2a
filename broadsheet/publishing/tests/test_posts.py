from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from broadsheet import events
from broadsheet.conftest import committed
from broadsheet.errors import Forbidden, InvalidInput
from broadsheet.jobs.services import run_pending
from broadsheet.publishing.models import Post, PostKind, PostStatus
from broadsheet.publishing.services import posts
from broadsheet.publishing.services.posts import PostChanges


def test_duplicate_slug_gets_a_number(team):
    first = team.post("Summit Notes")
    second = team.post("Summit Notes")
    third = team.post("Summit Notes")
    assert (first.slug, second.slug, third.slug) == (
        "summit-notes",
        "summit-notes-2",
        "summit-notes-3",
    )


def test_permalink_is_day_and_name_in_the_blogs_time_zone(team):
    # 23:30 UTC on 14 July is 00:30 on 15 July in London (summer time).
    moment = datetime(2022, 7, 14, 23, 30, tzinfo=UTC)
    post = posts.create_post(
        team.blog,
        team.author,
        PostChanges(title="Late", source="x", status=PostStatus.PUBLISHED, published_at=moment),
    )
    assert post.url_path == "2022/07/15/late/"
    assert post.absolute_url.endswith("/@dispatch/2022/07/15/late/")


def test_contributor_cannot_publish_but_can_submit_for_review(team):
    with pytest.raises(Forbidden) as error:
        posts.create_post(team.blog, team.contributor, PostChanges(title="Mine", status="publish"))
    assert error.value.code == "rest_cannot_publish"
    assert not Post.objects.filter(title="Mine").exists()
    pending = posts.create_post(
        team.blog, team.contributor, PostChanges(title="Mine", status="pending")
    )
    assert pending.status == PostStatus.PENDING
    published = posts.update_post(pending, team.editor, PostChanges(status="publish"))
    assert published.status == PostStatus.PUBLISHED and published.is_visible


def test_subscriber_and_outsider_cannot_write(team):
    for user in (team.subscriber, team.outsider):
        with pytest.raises(Forbidden):
            posts.create_post(team.blog, user, PostChanges(title="Nope"))


def test_author_cannot_edit_someone_elses_post_but_editor_can(team):
    post = team.post("Editor's", author=team.editor)
    with pytest.raises(Forbidden):
        posts.update_post(post, team.author, PostChanges(title="Hijacked"))
    posts.update_post(post, team.admin, PostChanges(title="Fixed"))
    assert Post.objects.get(pk=post.pk).title == "Fixed"


def test_scheduled_post_goes_public_once_when_the_worker_publishes_it(team):
    post = posts.create_post(
        team.blog,
        team.author,
        PostChanges(
            title="Tomorrow",
            source="x",
            status="publish",
            published_at=timezone.now() + timedelta(hours=1),
        ),
    )
    assert post.status == PostStatus.SCHEDULED
    assert not Post.objects.visible().filter(pk=post.pk).exists()
    published = []
    events.post_published.connect(receiver := lambda post, **_: published.append(post.pk))
    try:
        Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(seconds=1))
        # Public when the worker publishes it, not by the clock alone: that moment is the one
        # event feeds, mail and federation hear.
        assert not Post.objects.visible().filter(pk=post.pk).exists()
        with committed():
            run_pending()
        with committed():
            run_pending()
            assert posts.publish_due() == 0
    finally:
        events.post_published.disconnect(receiver)
    assert Post.objects.get(pk=post.pk).status == PostStatus.PUBLISHED
    assert published == [post.pk]


def test_every_save_keeps_a_revision_and_any_can_be_restored(team):
    post = team.post("First title", source="First text")
    posts.update_post(post, team.author, PostChanges(title="Second title", source="Second text"))
    posts.update_post(post, team.author, PostChanges(title="Third title"))
    revisions = list(post.revisions.order_by("created_at", "pk"))
    assert [r.title for r in revisions] == ["First title", "Second title", "Third title"]
    posts.restore_revision(post, team.author, revisions[0].pk)
    post.refresh_from_db()
    assert (post.title, post.source) == ("First title", "First text")
    assert "<p>First text</p>" in post.content_html
    assert post.revisions.count() == 4


def test_saving_nothing_new_keeps_no_extra_revision(team):
    post = team.post("Same")
    posts.update_post(post, team.editor, PostChanges(sticky=True))
    assert post.revisions.count() == 1


def test_pages_nest_under_their_parent(team):
    about = posts.create_post(
        team.blog, team.editor, PostChanges(title="About", status="publish"), kind=PostKind.PAGE
    )
    team_page = posts.create_post(
        team.blog,
        team.editor,
        PostChanges(title="The Team", status="publish", parent_id=about.pk),
        kind=PostKind.PAGE,
    )
    assert team_page.url_path == "about/the-team/"
    with pytest.raises(InvalidInput):
        posts.update_post(about, team.editor, PostChanges(parent_id=team_page.pk))


def test_authors_cannot_create_pages(team):
    with pytest.raises(Forbidden):
        posts.create_post(team.blog, team.author, PostChanges(title="Page"), kind=PostKind.PAGE)


def test_unknown_term_is_refused_and_nothing_is_saved(team):
    before = Post.objects.count()
    with pytest.raises(InvalidInput):
        posts.create_post(team.blog, team.author, PostChanges(title="Bad", category_ids=[999999]))
    assert Post.objects.count() == before


def test_draft_published_later_takes_the_publish_time(team):
    draft = posts.create_post(team.blog, team.author, PostChanges(title="Draft", status="draft"))
    Post.objects.filter(pk=draft.pk).update(published_at=timezone.now() - timedelta(days=30))
    draft.refresh_from_db()
    published = posts.update_post(draft, team.author, PostChanges(status="publish"))
    assert timezone.now() - published.published_at < timedelta(minutes=1)


def test_trash_and_delete(team):
    post = team.post("Going")
    posts.trash_post(post, team.author)
    assert not Post.objects.visible().filter(pk=post.pk).exists()
    with pytest.raises(Forbidden):
        posts.delete_post(post, team.contributor)
    posts.delete_post(post, team.author)
    assert not Post.objects.filter(title="Going").exists()


def test_neighbours_are_the_nearest_visible_posts_either_side(team):
    from broadsheet.publishing.services.reading import neighbours

    at = timezone.now() - timedelta(days=10)
    far_older = team.post("Far older", days_ago=12)
    due = team.post("Due scheduled", days_ago=11)
    # Scheduled for a time that has come, not yet published by the worker: not public.
    Post.objects.filter(pk=due.pk).update(status=PostStatus.SCHEDULED)
    team.post("Draft between", days_ago=10.5, status=PostStatus.DRAFT)
    post = team.post("Middle", days_ago=10)
    same_moment = team.post("Same moment", days_ago=10)
    Post.objects.filter(pk__in=[post.pk, same_moment.pk]).update(published_at=at)
    team.post("Not yet", days_ago=-1, status=PostStatus.SCHEDULED)
    newer = team.post("Newer", days_ago=8)

    post.refresh_from_db()
    older, next_one = neighbours(post)
    assert (older.title, next_one.title) == ("Far older", "Same moment")
    same_moment.refresh_from_db()
    assert [p.title for p in neighbours(same_moment)] == ["Middle", "Newer"]
    far_older.refresh_from_db()
    assert [p and p.title for p in neighbours(far_older)] == [None, "Middle"]
    newer.refresh_from_db()
    assert neighbours(newer)[1] is None


def test_rerender_renders_sources_again_and_renews_the_blog(team):
    from broadsheet.pagecache import services as pagecache

    post = team.post("Old render", source="Some *words*.")
    Post.objects.filter(pk=post.pk).update(content_html="<p>stale</p>", summary="stale")
    generation = pagecache.generation("dispatch")
    with committed():
        assert posts.rerender(team.blog) == 1
    post.refresh_from_db()
    assert post.content_html == "<p>Some <em>words</em>.</p>\n" and post.summary == "Some words."
    assert pagecache.generation("dispatch") == generation + 1
    assert posts.rerender(team.blog) == 0
