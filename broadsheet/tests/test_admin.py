"""The operator's admin: every registered model's pages open, and changes go through the
services (their rules and their events)."""

import pytest
from django.contrib import admin
from django.test import Client

from broadsheet.blogs.models import AppPassword
from broadsheet.blogs.services.app_passwords import create_app_password
from broadsheet.conftest import committed
from broadsheet.engagement.models import Comment, CommentStatus
from broadsheet.engagement.services.comments import CommentInput, submit_comment
from broadsheet.pagecache import services as pagecache


@pytest.fixture
def operator(team):
    team.admin.is_superuser = team.admin.is_staff = True
    team.admin.save()
    client = Client()
    client.force_login(team.admin)
    return client


def test_every_registered_model_lists_and_shows(team, operator):
    team.post("Listed")
    create_app_password(team.author, "phone")
    registered = {model._meta.model_name for model in admin.site._registry}
    assert {"user", "blog", "membership", "post", "comment", "apppassword", "job"} <= registered
    for model in admin.site._registry:
        meta = model._meta
        listing = operator.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        assert listing.status_code == 200, meta.label
        first = model.objects.first()
        if first is not None:
            shown = operator.get(f"/admin/{meta.app_label}/{meta.model_name}/{first.pk}/change/")
            assert shown.status_code == 200, meta.label


def test_admin_actions_go_through_the_services(team, operator):
    post = team.post("Commented")
    comment = submit_comment(
        post, _guest(), CommentInput(body="Hi", name="G", email="g@example.org")
    )
    assert comment.status == CommentStatus.HOLD
    with committed():
        operator.post(
            "/admin/engagement/comment/", {"action": "approve", "_selected_action": [comment.pk]}
        )
    post.refresh_from_db()
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.APPROVED
    assert post.comment_count == 1
    record, _ = create_app_password(team.author, "old laptop")
    operator.post(
        "/admin/blogs/apppassword/", {"action": "revoke", "_selected_action": [record.pk]}
    )
    assert not AppPassword.objects.filter(pk=record.pk).exists()


def test_a_blog_renamed_in_the_admin_renews_its_pages(team, operator):
    generation = pagecache.generation("dispatch")
    with committed():
        response = operator.post(
            f"/admin/blogs/blog/{team.blog.pk}/change/",
            {
                "title": "The New Dispatch",
                "tagline": "Commentary",
                "language": "en",
                "timezone": "Europe/London",
                "host": "",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302, response.content[:500]
    team.blog.refresh_from_db()
    assert team.blog.title == "The New Dispatch"
    assert pagecache.generation("dispatch") == generation + 1
    refused = operator.post(
        f"/admin/blogs/blog/{team.blog.pk}/change/",
        {
            "title": "x",
            "timezone": "Mars/Base",
            "language": "en",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert refused.status_code == 200 and "unknown time zone" in refused.content.decode()


def _guest():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
