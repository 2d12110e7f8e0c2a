"""An account's data, to take away: the blogs it owns as WXR (WordPress imports them), and as
JSON its profile, its comments, its likes and whom it follows in the Reader and on the
fediverse. Built by the worker into one ZIP, mailed as a link that only its owner can open."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from datetime import timedelta

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from broadsheet import ratelimits
from broadsheet.accounts.models import AccountExport
from broadsheet.blogs.models import Blog, User
from broadsheet.engagement.models import Comment, Like
from broadsheet.errors import InvalidInput
from broadsheet.migration.services.exporter import export_wxr
from broadsheet.publishing.services.media import PRIVATE_PREFIX as MEDIA_PRIVATE_PREFIX
from broadsheet.reader.models import Follow

KEPT_FOR = timedelta(days=7)
PRIVATE_PREFIX = MEDIA_PRIVATE_PREFIX + "exports/"


def request_export(user: User) -> AccountExport:
    """Queue a new export (one a day is plenty; each can be large)."""
    if ratelimits.count(f"account-export:{user.pk}", 24 * 3600) > 2:
        raise InvalidInput("You asked for an export twice today; the last one is on its way.")
    from broadsheet.accounts.jobs import build_export

    with transaction.atomic():
        export = AccountExport.objects.create(user=user)
        build_export.enqueue(export_id=export.pk)
    return export


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def write_zip(user: User, out) -> None:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "profile.json",
            _json(
                {
                    "username": user.username,
                    "name": user.display_name,
                    "email": user.email,
                    "bio": user.bio,
                    "language": user.language,
                    "joined": _when(user.date_joined),
                }
            ),
        )
        for blog in Blog.objects.filter(owner=user).order_by("slug"):
            text = io.StringIO()
            export_wxr(blog, text)
            archive.writestr(f"blogs/{blog.slug}.wordpress.xml", text.getvalue())
        comments = Comment.objects.filter(user=user).select_related("post__blog").order_by("pk")
        archive.writestr(
            "comments.json",
            _json(
                [
                    {
                        "post": comment.post.absolute_url,
                        "date": _when(comment.created_at),
                        "status": comment.status,
                        "text": comment.body,
                    }
                    for comment in comments.iterator()
                ]
            ),
        )
        likes = Like.objects.filter(user=user).select_related("post__blog").order_by("pk")
        archive.writestr(
            "likes.json",
            _json(
                [
                    {"post": like.post.absolute_url, "date": _when(like.created_at)}
                    for like in likes.iterator()
                ]
            ),
        )
        follows = Follow.objects.filter(user=user).select_related("blog", "feed").order_by("pk")
        archive.writestr(
            "follows.json",
            _json(
                [
                    {
                        "blog" if follow.blog_id else "feed": (
                            follow.blog.base_url if follow.blog_id else follow.feed.url
                        ),
                        "since": _when(follow.created_at),
                    }
                    for follow in follows.iterator()
                ]
            ),
        )


def build(export: AccountExport) -> AccountExport:
    """Write the ZIP (again, whole, if a killed worker left it half done) and keep it."""
    with tempfile.TemporaryFile() as scratch:
        write_zip(export.user, scratch)
        size = scratch.tell()
        scratch.seek(0)
        if export.path:
            default_storage.delete(export.path)
        path = default_storage.save(f"{PRIVATE_PREFIX}{export.token}.zip", File(scratch))
    AccountExport.objects.filter(pk=export.pk).update(
        path=path, size=size, finished_at=timezone.now()
    )
    export.refresh_from_db()
    return export


def expired():
    return AccountExport.objects.filter(created_at__lt=timezone.now() - KEPT_FOR)


def forget(export: AccountExport) -> None:
    if export.path:
        default_storage.delete(export.path)
    export.delete()
