"""Comments: who may post, what is held for moderation, what is kept out as spam."""

import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from broadsheet import events
from broadsheet.avatars import avatar_url
from broadsheet.blogs.services import permissions
from broadsheet.engagement.models import Comment, CommentStatus, CommentType, MentionKind
from broadsheet.errors import BroadsheetError, Forbidden, InvalidInput, NotFound
from broadsheet.publishing.models import Post
from broadsheet.publishing.services import reading
from broadsheet.publishing.services.rendering import (
    is_web_link,
    plain_text,
    render_comment,
    sanitize,
)
from broadsheet.sql import as_datetime
from broadsheet.validation import check_fits

MAX_LENGTH = 10_000
MAX_LINKS_BEFORE_HOLD = 2
COMMENTS_PER_ADDRESS_PER_MINUTE = 5
_LINK = re.compile(r"https?://|www\.", re.I)
_SPAM_WORDS = re.compile(
    r"\b(viagra|cialis|casino|payday loan|crypto ?currency giveaway|seo services|buy followers)\b",
    re.I,
)


@dataclass
class CommentInput:
    body: str
    name: str = ""
    email: str = ""
    url: str = ""
    parent_id: int | None = None
    ip: str | None = None
    user_agent: str = ""
    honeypot: str = ""
    # The reader gave the post's password (a protected post's comments need it).
    unlocked: bool = False


def spam_score(text: str, name: str, url: str) -> float:
    """A small content score: 1.0 or more is spam. Links, spam words, shouting, and a link
    for a name each add to it."""
    score = 0.25 * max(0, len(_LINK.findall(text)) - 1)
    score += 0.8 * len(_SPAM_WORDS.findall(text + " " + name))
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 40 and sum(c.isupper() for c in letters) / len(letters) > 0.7:
        score += 0.4
    if _LINK.search(name):
        score += 1.0
    if url and _SPAM_WORDS.search(url):
        score += 0.5
    return score


def _validate(data: CommentInput, user) -> None:
    if not data.body.strip():
        raise InvalidInput("Please type your comment.", code="rest_comment_content_invalid")
    if len(data.body) > MAX_LENGTH:
        raise InvalidInput(
            f"A comment has at most {MAX_LENGTH} characters.", code="rest_comment_content_invalid"
        )
    if data.url.strip() and not is_web_link(data.url.strip()):
        raise InvalidInput(
            "Please check your details: a website is an http:// or https:// address.",
            code="rest_invalid_param",
        )
    if user.is_authenticated:
        return
    if not data.name.strip() or not data.email.strip():
        raise InvalidInput(
            "Please give your name and e-mail address.", code="rest_comment_author_data_required"
        )
    try:
        validate_email(data.email.strip())
        if data.url:
            URLValidator(schemes=["http", "https"])(data.url)
    except ValidationError as exc:
        raise InvalidInput(
            f"Please check your details: {exc.messages[0]}", code="rest_invalid_param"
        ) from exc


def _throttle(data: CommentInput) -> None:
    if not data.ip:
        return
    recent = Comment.objects.filter(
        author_ip=data.ip, created_at__gte=timezone.now() - timedelta(minutes=1)
    ).count()
    if recent >= COMMENTS_PER_ADDRESS_PER_MINUTE:
        raise BroadsheetError(
            "You are posting comments too quickly. Please wait a minute.",
            code="comment_flood",
            status=429,
        )


def _initial_status(post: Post, user, data: CommentInput, score: float) -> str:
    if data.honeypot:
        return CommentStatus.SPAM
    if score >= 1.0:
        return CommentStatus.SPAM
    if permissions.can_write(user, post.blog):
        return CommentStatus.APPROVED
    if len(_LINK.findall(data.body)) > MAX_LINKS_BEFORE_HOLD or score >= 0.5:
        return CommentStatus.HOLD
    # WordPress's rule: a commenter with an approved comment on this blog is trusted.
    known = Comment.objects.filter(post__blog=post.blog, status=CommentStatus.APPROVED)
    if user.is_authenticated:
        known = known.filter(user=user)
    else:
        known = known.filter(author_email__iexact=data.email.strip(), author_name=data.name.strip())
    return CommentStatus.APPROVED if known.exists() else CommentStatus.HOLD


def submit_comment(post: Post, user, data: CommentInput) -> Comment:
    if not post.is_visible:
        raise NotFound("Invalid post ID.", code="rest_post_invalid_id")
    if not reading.may_read_text(user, post, unlocked=data.unlocked):
        raise Forbidden(
            "Sorry, you are not allowed to create a comment on this post.",
            code="rest_cannot_read",
        )
    if not post.comments_open:
        raise Forbidden("Sorry, comments are closed for this item.", code="rest_comment_closed")
    _validate(data, user)
    _throttle(data)
    parent = None
    if data.parent_id:
        parent = Comment.objects.filter(
            pk=data.parent_id, post=post, status=CommentStatus.APPROVED
        ).first()
        if parent is None:
            raise InvalidInput(
                "The comment you reply to does not exist.", code="rest_comment_invalid_parent"
            )
    name = user.name if user.is_authenticated else data.name.strip()
    score = spam_score(data.body, name, data.url)
    comment = Comment(
        post=post,
        parent=parent,
        user=user if user.is_authenticated else None,
        author_name=name[:200],
        author_email=user.email if user.is_authenticated else data.email.strip(),
        author_url=data.url.strip(),
        author_ip=data.ip,
        user_agent=data.user_agent[:300],
        body=data.body,
        body_html=render_comment(data.body),
        status=_initial_status(post, user, data, score),
        spam_score=score,
    )
    check_fits(comment)
    with transaction.atomic():
        comment.save()
        if comment.status == CommentStatus.APPROVED:
            _shown(comment, True)
        elif comment.status == CommentStatus.HOLD:
            events.emit(events.comment_held, comment=comment)
        if comment.status != CommentStatus.SPAM:
            _notify_author(comment)
    return comment


def record_mention(
    post: Post, source: str, *, kind: str, author_name: str, author_url: str, text: str
) -> Comment:
    """A verified Webmention: added, or updated when its source changed. It is held for
    moderation like a comment, unless its site had a mention approved on this blog before
    (WordPress's rule for known commenters)."""
    site = urlsplit(source).netloc
    comment = Comment.objects.filter(post=post, source_url=source).first() or Comment(
        post=post, source_url=source, comment_type=CommentType.WEBMENTION
    )
    comment.mention_kind = kind
    comment.author_name = (author_name or site)[:200]
    comment.author_url = author_url if is_web_link(author_url) else ""
    comment.body = text[:MAX_LENGTH]
    comment.body_html = render_comment(comment.body) if text else ""
    if comment.pk is None:
        same_site = Q(source_url__istartswith=f"https://{site}/") | Q(
            source_url__istartswith=f"http://{site}/"
        )
        known = Comment.objects.filter(
            same_site,
            post__blog=post.blog,
            comment_type=CommentType.WEBMENTION,
            status=CommentStatus.APPROVED,
        ).exists()
        comment.status = CommentStatus.APPROVED if known else CommentStatus.HOLD
    check_fits(comment)
    with transaction.atomic():
        created = comment.pk is None
        comment.save()
        if created and comment.status == CommentStatus.APPROVED:
            _shown(comment, True)
        elif not created and comment.status == CommentStatus.APPROVED:
            events.emit(events.comment_approved, comment=comment, edited=True)
    return comment


def record_remote_reply(
    post: Post,
    source: str,
    *,
    parent: Comment | None,
    author_name: str,
    author_url: str,
    author_uri: str,
    html: str,
) -> Comment | None:
    """A reply from the fediverse (an ActivityPub Note), at any depth of the thread: added, or
    changed when its author (`author_uri`, the actor's id) edits it; None, and nothing changed,
    when the reply is another account's. Held for moderation like any comment, unless its
    author had a reply approved on this blog before (WordPress's rule for known commenters)."""
    comment = Comment.objects.filter(post=post, source_url=source).first()
    if comment is not None and comment.author_uri != author_uri:
        return None
    created = comment is None
    if created:
        comment = Comment(
            post=post, source_url=source, author_uri=author_uri, comment_type=CommentType.COMMENT
        )
        comment.parent = parent
        known = Comment.objects.filter(
            post__blog=post.blog,
            author_url=author_url,
            status=CommentStatus.APPROVED,
            comment_type=CommentType.COMMENT,
        ).exclude(source_url="")
        comment.status = (
            CommentStatus.APPROVED if author_url and known.exists() else CommentStatus.HOLD
        )
    comment.author_name = (author_name or urlsplit(source).netloc)[:200]
    comment.author_url = author_url if is_web_link(author_url) else ""
    comment.body_html = sanitize(html, user_generated=True)
    comment.body = plain_text(comment.body_html)[:MAX_LENGTH]
    check_fits(comment)
    with transaction.atomic():
        comment.save()
        if created and comment.status == CommentStatus.APPROVED:
            _shown(comment, True)
        elif created and comment.status == CommentStatus.HOLD:
            events.emit(events.comment_held, comment=comment)
        elif not created and comment.status == CommentStatus.APPROVED:
            events.emit(events.comment_approved, comment=comment, edited=True)
        if created:
            _notify_author(comment)
    return comment


def remote_reply_authors(source: str) -> set[str]:
    """Who wrote the replies kept from `source` (actor ids)."""
    replies = Comment.objects.filter(source_url=source, comment_type=CommentType.COMMENT)
    return set(replies.values_list("author_uri", flat=True))


def withdraw_remote_reply(source: str, author_uri: str) -> int:
    """A reply its author deleted on its server goes here too (another account's deletion
    changes nothing); returns how many went."""
    found = list(
        Comment.objects.filter(
            source_url=source, author_uri=author_uri, comment_type=CommentType.COMMENT
        )
    )
    for comment in found:
        with transaction.atomic():
            if comment.status == CommentStatus.APPROVED:
                _shown(comment, False)
            comment.delete()
    return len(found)


def withdraw_mention(post: Post, source: str) -> None:
    """The source no longer links here (or is gone): its mention goes."""
    for comment in Comment.objects.filter(post=post, source_url=source):
        with transaction.atomic():
            if comment.status == CommentStatus.APPROVED:
                _shown(comment, False)
            comment.delete()


def _notify_author(comment: Comment) -> None:
    from broadsheet.engagement.jobs import notify_author  # runs this module: imported late

    notify_author.enqueue(comment_id=comment.pk)


def _shown(comment: Comment, shown: bool) -> None:
    """A comment starts or stops showing on its post: keep the post's count exact in the same
    transaction, and announce it."""
    Post.objects.filter(pk=comment.post_id).update(
        comment_count=F("comment_count") + (1 if shown else -1)
    )
    events.emit(events.comment_approved if shown else events.comment_withdrawn, comment=comment)


def can_moderate(user, comment: Comment) -> bool:
    post = comment.post
    return permissions.can_edit_others(user, post.blog) or (
        post.author_id == getattr(user, "pk", None) and permissions.can_publish(user, post.blog)
    )


def moderates_on(user, blog) -> bool:
    """Whether `user` moderates any comments of `blog`: editors all of them, authors those on
    their own posts (as in WordPress); contributors and readers none."""
    return permissions.can_publish(user, blog)


def moderation_queue(blog, user):
    """The comments `user` may moderate (see moderates_on)."""
    comments = Comment.objects.filter(post__blog=blog).select_related("post__blog")
    if permissions.can_edit_others(user, blog):
        return comments
    if moderates_on(user, blog):
        return comments.filter(post__author=user)
    raise Forbidden("Sorry, you are not allowed to moderate comments.", code="rest_forbidden")


def moderate(comment: Comment, actor, status: str) -> Comment:
    if status not in CommentStatus.values:
        raise InvalidInput(f"status is not one of {', '.join(CommentStatus.values)}.")
    if not can_moderate(actor, comment):
        raise Forbidden(
            "Sorry, you are not allowed to moderate this comment.", code="rest_cannot_edit"
        )
    with transaction.atomic():
        was_shown = comment.status == CommentStatus.APPROVED
        comment.status = status
        comment.save(update_fields=["status"])
        shown = status == CommentStatus.APPROVED
        if was_shown != shown:
            _shown(comment, shown)
    return comment


def reply_as_moderator(parent: Comment, actor, body: str) -> Comment:
    """A reply from the moderation screen: a comment still held is approved first (WordPress's
    "Approve and Reply"), then the moderator's reply joins its thread."""
    if not can_moderate(actor, parent):
        raise Forbidden("Sorry, you are not allowed to reply to this comment.")
    if parent.status != CommentStatus.APPROVED:
        moderate(parent, actor, CommentStatus.APPROVED)
    return submit_comment(parent.post, actor, CommentInput(body=body, parent_id=parent.pk))


def edit_comment(comment: Comment, actor, body: str) -> Comment:
    """A moderator corrects a comment's text (kept as written, shown sanitized)."""
    if not can_moderate(actor, comment):
        raise Forbidden("Sorry, you are not allowed to edit this comment.", code="rest_cannot_edit")
    _validate(CommentInput(body=body), actor)
    comment.body = body
    comment.body_html = render_comment(body)
    check_fits(comment)
    with transaction.atomic():
        comment.save(update_fields=["body", "body_html"])
        if comment.status == CommentStatus.APPROVED:
            events.emit(events.comment_approved, comment=comment, edited=True)
    return comment


def delete_comment(comment: Comment, actor) -> None:
    if not can_moderate(actor, comment):
        raise Forbidden(
            "Sorry, you are not allowed to delete this comment.", code="rest_cannot_delete"
        )
    with transaction.atomic():
        if comment.status == CommentStatus.APPROVED:
            _shown(comment, False)
        comment.delete()


FORMER_MEMBER = "Former member"


def erase_comments_of(user, *, keep: bool) -> int:
    """An account is going: its comments stay without anything that names the person (keep), or
    go; replies to a comment that goes move up to its parent, as WordPress keeps a thread."""
    written = list(Comment.objects.filter(user=user).select_related("post"))
    with transaction.atomic():
        for comment in written:
            if keep:
                Comment.objects.filter(pk=comment.pk).update(
                    user=None,
                    author_name=FORMER_MEMBER,
                    author_email="",
                    author_url="",
                    author_ip=None,
                    user_agent="",
                )
                if comment.status == CommentStatus.APPROVED:
                    events.emit(events.comment_approved, comment=comment, edited=True)
                continue
            Comment.objects.filter(parent=comment).update(parent_id=comment.parent_id)
            if comment.status == CommentStatus.APPROVED:
                _shown(comment, False)
            comment.delete()
    return len(written)


_SHOWN_COMMENTS_SQL = f"""
    SELECT id, parent_id, author_name, author_email, author_url, status, body_html, created_at,
           comment_type, mention_kind, source_url
    FROM {Comment._meta.db_table}
    WHERE post_id = %(post)s AND (status = 'approved' OR (status = 'hold' AND id IN ({{held}})))
    ORDER BY created_at, id
"""


@dataclass
class ShownComment:
    """A comment as the post page shows it: plain values, its dates already formatted (a page
    may list hundreds, and building model instances for them was half the page's cost)."""

    pk: int
    parent_id: int | None
    author_name: str
    author_url: str
    status: str
    body_html: str
    avatar_url: str
    published_iso: str
    published_display: str
    comment_type: str
    mention_kind: str
    source_url: str

    @property
    def in_thread(self) -> bool:
        """Comments and replies sent as Webmentions are the thread; the rest are reactions."""
        return self.comment_type == CommentType.COMMENT or self.mention_kind == MentionKind.REPLY


@dataclass
class Discussion:
    """What shows under a post: the threaded comments (with their depth), then the reactions
    from elsewhere (Webmention likes and reposts, mentions, pingbacks and trackbacks)."""

    thread: list[tuple[ShownComment, int]]
    likes: list[ShownComment]
    reposts: list[ShownComment]
    mentions: list[ShownComment]


def _shown_row(row, zone) -> ShownComment:
    pk, parent_id, name, email, url, status, body_html, created, kind, mention, source = row
    created = as_datetime(created)
    local = created.astimezone(zone)
    return ShownComment(
        pk=pk,
        parent_id=parent_id,
        author_name=name,
        author_url=url,
        status=status,
        body_html=body_html,
        avatar_url=avatar_url(email or name),
        published_iso=created.isoformat(timespec="seconds"),
        published_display=f"{local:%-d %B %Y at %H:%M}",
        comment_type=kind,
        mention_kind=mention,
        source_url=source,
    )


def discussion(post: Post, own_held_ids: list[int]) -> Discussion:
    """Approved comments, plus the reader's own held ones, in thread order with their depth,
    and the reactions from elsewhere, in one query. Plain SQL: it runs on every uncached post
    page (see publishing.services.reading)."""
    held = ", ".join(str(int(pk)) for pk in own_held_ids) or "NULL"
    zone = ZoneInfo(post.blog.timezone)
    with connection.cursor() as cursor:
        cursor.execute(_SHOWN_COMMENTS_SQL.format(held=held), {"post": post.pk})
        comments = [_shown_row(row, zone) for row in cursor.fetchall()]
    found = Discussion([], [], [], [])
    children: dict[int | None, list[ShownComment]] = {}
    for comment in comments:
        if comment.in_thread:
            children.setdefault(comment.parent_id, []).append(comment)
        elif comment.mention_kind == MentionKind.LIKE:
            found.likes.append(comment)
        elif comment.mention_kind == MentionKind.REPOST:
            found.reposts.append(comment)
        else:
            found.mentions.append(comment)
    ordered: list[tuple[ShownComment, int]] = []

    def walk(parent_id, depth):
        for comment in children.get(parent_id, []):
            ordered.append((comment, min(depth, 5)))
            walk(comment.pk, depth + 1)

    walk(None, 0)
    found.thread = ordered
    return found
