"""Writing, publishing, scheduling, trashing and revising posts and pages.

Every way in (the editor, the REST API, the CLI, the importer, the worker) goes through these
functions, so the rules live here: who may publish, valid dates, unique slugs, rendering,
revisions. What follows a change (the page cache, related posts, later feeds and federation)
hangs off the domain event each change sends (broadsheet/events.py).
"""

from dataclasses import dataclass, fields
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from broadsheet import events
from broadsheet.blogs.models import Blog, User
from broadsheet.blogs.services import permissions
from broadsheet.errors import Forbidden, InvalidInput, NotFound
from broadsheet.publishing.models import Category, Media, Post, PostKind, PostStatus, Revision, Tag
from broadsheet.publishing.models.post import SourceFormat
from broadsheet.publishing.services import rendering
from broadsheet.publishing.services.invalidation import PostState
from broadsheet.publishing.services.terms import child_path, unique_slug
from broadsheet.validation import calendar_moment, check_fits

_REVISED_FIELDS = ("title", "source", "source_format", "excerpt")


@dataclass
class PostChanges:
    """What a writer asks to change; None leaves a field as it is."""

    title: str | None = None
    source: str | None = None
    source_format: str | None = None
    excerpt: str | None = None
    status: str | None = None
    published_at: datetime | None = None
    slug: str | None = None
    category_ids: list[int] | None = None
    tag_ids: list[int] | None = None
    featured_image_id: int | None = None
    comments_open: bool | None = None
    sticky: bool | None = None
    parent_id: int | None = None
    menu_order: int | None = None
    password: str | None = None

    def given(self) -> dict:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


def create_post(
    blog: Blog,
    actor: User,
    changes: PostChanges,
    *,
    kind: str = PostKind.POST,
    author: User | None = None,
) -> Post:
    if not permissions.can_write(actor, blog):
        raise Forbidden(
            "Sorry, you are not allowed to create posts on this blog.", code="rest_cannot_create"
        )
    if kind == PostKind.PAGE and not permissions.can_edit_others(actor, blog):
        raise Forbidden("Sorry, you are not allowed to create pages.", code="rest_cannot_create")
    author = author or actor
    if author != actor and not permissions.can_edit_others(actor, blog):
        raise Forbidden(
            "Sorry, you are not allowed to post as this user.", code="rest_cannot_edit_others"
        )
    if not permissions.can_write(author, blog):
        raise InvalidInput(
            "Invalid author ID: not a writer of this blog.", code="rest_invalid_author"
        )
    post = Post(
        blog=blog,
        kind=kind,
        author=author,
        status=PostStatus.DRAFT,
        source_format=SourceFormat.MARKDOWN,
    )
    return _save(post, actor, changes, created=True)


def update_post(post: Post, actor: User, changes: PostChanges) -> Post:
    if not permissions.can_edit_post(actor, post):
        raise Forbidden("Sorry, you are not allowed to edit this post.", code="rest_cannot_edit")
    return _save(post, actor, changes, created=False)


def _publish_date(post: Post, given: dict, *, created: bool) -> datetime | None:
    """The date asked for; a draft published without one is published now, as in WordPress."""
    if "published_at" in given:
        return given["published_at"]
    unpublished = created or post.status in (PostStatus.DRAFT, PostStatus.PENDING)
    if unpublished and given.get("status") in (PostStatus.PUBLISHED, PostStatus.PRIVATE):
        return timezone.now()
    return None


def _resolve_status(post: Post, actor: User, wanted: str | None, published_at) -> str:
    status = wanted or post.status
    if status not in PostStatus.values:
        raise InvalidInput(f"status is not one of {', '.join(PostStatus.values)}.")
    goes_public = status in (PostStatus.PUBLISHED, PostStatus.SCHEDULED, PostStatus.PRIVATE)
    if goes_public and status != post.status and not permissions.can_publish(actor, post.blog):
        raise Forbidden(
            "Sorry, you are not allowed to publish posts on this blog.", code="rest_cannot_publish"
        )
    if status == PostStatus.PUBLISHED and published_at > timezone.now():
        return PostStatus.SCHEDULED
    if status == PostStatus.SCHEDULED and published_at <= timezone.now():
        return PostStatus.PUBLISHED
    return status


def _save(post: Post, actor: User, changes: PostChanges, *, created: bool) -> Post:
    given = changes.given()
    before = None if created else PostState.of(post)
    with transaction.atomic():
        if given.get("sticky", post.sticky) != post.sticky and not permissions.can_edit_others(
            actor, post.blog
        ):
            raise Forbidden(
                "Sorry, you are not allowed to make posts sticky.", code="rest_cannot_assign_sticky"
            )
        for name in (
            "title",
            "source",
            "excerpt",
            "comments_open",
            "sticky",
            "menu_order",
            "password",
        ):
            if name in given:
                setattr(post, name, given[name])
        if "source_format" in given:
            if given["source_format"] not in SourceFormat.values:
                raise InvalidInput("format must be markdown or html.")
            post.source_format = given["source_format"]
        wanted_date = _publish_date(post, given, created=created)
        if wanted_date is not None:
            if timezone.is_naive(wanted_date):
                wanted_date = timezone.make_aware(wanted_date)
            post.published_at = calendar_moment(wanted_date)
        post.status = _resolve_status(post, actor, given.get("status"), post.published_at)
        if "parent_id" in given:
            post.parent = _parent(post, given["parent_id"])
        if "featured_image_id" in given:
            post.featured_image = _media(post.blog, given["featured_image_id"])
        if "slug" in given or created or not post.slug:
            post.slug = unique_slug(
                Post, post.blog, given.get("slug") or post.title or "post", exclude_pk=post.pk
            )
        if post.kind == PostKind.PAGE:
            post.page_path = child_path(post.parent.page_path if post.parent else None, post.slug)
        rendering.render_post(post)
        check_fits(post)
        post.save()
        if "category_ids" in given:
            post.categories.set(_terms(Category, post.blog, given["category_ids"], "categories"))
        if "tag_ids" in given:
            post.tags.set(_terms(Tag, post.blog, given["tag_ids"], "tags"))
        _keep_revision(post, actor, created=created, before=before)
        announce_change(post, before)
    return post


def announce_change(post: Post, previous: PostState | None) -> None:
    """Send the domain event that says what a change did to the post's public life."""
    was_public = previous is not None and previous.is_public
    if post.is_visible:
        event = events.post_updated if was_public else events.post_published
    elif was_public:
        event = events.post_unpublished
    else:
        return  # a draft's or a private post's change shows on no public page
    events.emit(event, post=post, previous=previous)


def _parent(post: Post, parent_id: int) -> Post | None:
    if not parent_id:
        return None
    parent = Post.objects.filter(blog=post.blog, kind=post.kind, pk=parent_id).first()
    if parent is None:
        raise InvalidInput("parent is not a page of this blog.")
    ancestor = parent
    while ancestor is not None:
        if ancestor.pk == post.pk:
            raise InvalidInput("a page cannot be its own ancestor.")
        ancestor = ancestor.parent
    return parent


def _media(blog: Blog, media_id: int) -> Media | None:
    if not media_id:
        return None
    media = Media.objects.filter(blog=blog, pk=media_id).first()
    if media is None:
        raise InvalidInput("featured_media is not an upload of this blog.")
    return media


def _terms(model, blog: Blog, ids: list[int], label: str) -> list:
    found = list(model.objects.filter(blog=blog, pk__in=ids))
    if len(found) != len(set(ids)):
        raise InvalidInput(f"{label} names a term that does not exist on this blog.")
    return found


def _keep_revision(post: Post, actor: User, *, created: bool, before: PostState | None) -> None:
    changed = created or any(
        getattr(post, name) != getattr(before.post, name) for name in _REVISED_FIELDS
    )
    if changed:
        revision_of(post, actor).save()


def revision_of(post: Post, author: User) -> Revision:
    """The revision a save keeps: the fields a writer types, as they are now."""
    return Revision(
        post=post, author=author, **{name: getattr(post, name) for name in _REVISED_FIELDS}
    )


def restore_revision(post: Post, actor: User, revision_id: int) -> Post:
    revision = post.revisions.filter(pk=revision_id).first()
    if revision is None:
        raise NotFound("No revision with that id.", code="rest_post_invalid_id")
    return update_post(
        post,
        actor,
        PostChanges(
            title=revision.title,
            source=revision.source,
            source_format=revision.source_format,
            excerpt=revision.excerpt,
        ),
    )


def trash_post(post: Post, actor: User) -> Post:
    return update_post(post, actor, PostChanges(status=PostStatus.TRASH))


def delete_post(post: Post, actor: User) -> None:
    if not permissions.can_edit_post(actor, post) or not permissions.can_publish(actor, post.blog):
        raise Forbidden(
            "Sorry, you are not allowed to delete this post.", code="rest_cannot_delete"
        )
    before = PostState.of(post)
    with transaction.atomic():
        post.delete()
        events.emit(events.post_deleted, post=before.post, previous=before)


def publish_due(now: datetime | None = None) -> int:
    """Publish scheduled posts whose time has come (the worker calls this). Each is flipped by
    one conditional UPDATE, so however many workers run, one of them publishes it and sends
    its `post_published` event, once."""
    now = now or timezone.now()
    due = Post.objects.filter(status=PostStatus.SCHEDULED, published_at__lte=now)
    published = 0
    for post in due.select_related("blog", "author"):
        with transaction.atomic():
            before = PostState.of(post)
            flipped = Post.objects.filter(pk=post.pk, status=PostStatus.SCHEDULED).update(
                status=PostStatus.PUBLISHED
            )
            if flipped:
                post.status = PostStatus.PUBLISHED
                events.emit(events.post_published, post=post, previous=before)
                published += 1
    return published


def rerender(blog: Blog) -> int:
    """Render every post and page of `blog` again from its source (after the renderer improved:
    imported posts keep WordPress's markup as their source for this); returns how many changed.
    The blog's pages are renewed once, by one blog_changed event."""
    changed = 0
    posts = Post.objects.filter(blog=blog).only(
        "pk", "source", "source_format", "content_html", "summary"
    )
    for post in posts.iterator(chunk_size=500):
        before = (post.content_html, post.summary)
        rendering.render_post(post)
        if (post.content_html, post.summary) != before:
            Post.objects.filter(pk=post.pk).update(
                content_html=post.content_html, summary=post.summary
            )
            changed += 1
    if changed:
        events.emit(events.blog_changed, blog=blog)
    return changed


def get_post(blog: Blog, post_id: int, *, kind: str | None = None) -> Post:
    queryset = Post.objects.filter(blog=blog, pk=post_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    post = queryset.select_related("author", "blog").first()
    if post is None:
        raise NotFound("Invalid post ID.", code="rest_post_invalid_id")
    return post
