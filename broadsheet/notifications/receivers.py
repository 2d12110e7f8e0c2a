"""Notifications hang off the domain events: each receiver says who hears of a happening.
They are durable receivers (the rows are written in the change's own transaction, so a
notification exists exactly when its happening does) and they only write rows or queue jobs."""

from django.conf import settings
from django.urls import reverse

from broadsheet import events
from broadsheet.blogs.models import User
from broadsheet.notifications.models import Kind
from broadsheet.notifications.services.notify import notify


def _staff():
    return User.objects.filter(is_staff=True, is_active=True)


@events.durable(events.post_liked)
def liked(post, user=None, actor=None, **_) -> None:
    name = user.name if user is not None else actor.display_name if actor is not None else ""
    notify(
        post.author,
        Kind.LIKE,
        group=f"like:post:{post.pk}",
        subject=post.title or "your post",
        url=post.get_absolute_url(),
        actor=name,
        actor_user_id=getattr(user, "pk", None),
    )


@events.durable(events.comment_approved)
def commented(comment, edited=False, **_) -> None:
    if edited:
        return
    post = comment.post
    link = post.get_absolute_url() + f"#comment-{comment.pk}"
    common = {
        "subject": post.title or "your post",
        "url": link,
        "actor": comment.author_name,
        "excerpt": comment.body[:300],
        "actor_user_id": comment.user_id,
    }
    parent_writer = comment.parent.user if comment.parent_id and comment.parent.user_id else None
    if parent_writer is not None:
        notify(parent_writer, Kind.REPLY, group=f"reply:comment:{comment.parent_id}", **common)
    if parent_writer is None or parent_writer.pk != post.author_id:
        notify(post.author, Kind.COMMENT, group=f"comment:post:{post.pk}", **common)


@events.durable(events.comment_held)
def held(comment, **_) -> None:
    blog = comment.post.blog
    for moderator in {comment.post.author, blog.owner}:
        notify(
            moderator,
            Kind.MODERATION,
            group=f"moderation:blog:{blog.pk}",
            subject=blog.title,
            url=reverse("editor-comments", args=[blog.slug]) + "?status=hold",
            actor=comment.author_name,
            excerpt=comment.body[:300],
        )


@events.durable(events.post_reblogged)
def reblogged(original, reblog, **_) -> None:
    notify(
        original.author,
        Kind.REBLOG,
        group=f"reblog:post:{original.pk}",
        subject=original.title or "your post",
        url=reblog.get_absolute_url(),
        actor=reblog.author.name,
        actor_user_id=reblog.author_id,
    )


@events.durable(events.post_boosted)
def boosted(post, actor, **_) -> None:
    notify(
        post.author,
        Kind.REBLOG,
        group=f"reblog:post:{post.pk}",
        subject=post.title or "your post",
        url=post.get_absolute_url(),
        actor=actor.display_name,
    )


@events.durable(events.mentioned)
def mentioned(user, blog, actor, url, excerpt, **_) -> None:
    notify(
        user,
        Kind.MENTION,
        group=f"mention:{url}",
        subject=blog.title if blog else "",
        url=url,
        actor=actor.display_name,
        excerpt=excerpt,
    )


@events.durable(events.blog_followed)
def followed(blog, follower, via, user=None, **_) -> None:
    notify(
        blog.owner,
        Kind.FOLLOW,
        group=f"follow:blog:{blog.pk}",
        subject=blog.title,
        url=blog.get_absolute_url(),
        actor=follower or f"someone by {via}",
        actor_user_id=getattr(user, "pk", None),
    )


@events.durable(events.invitation_sent)
def invited(invitation, **_) -> None:
    if invitation.blog_id is None:
        return
    from broadsheet.accounts.services.invitations import link

    for person in User.objects.filter(email__iexact=invitation.email, is_active=True)[:1]:
        notify(
            person,
            Kind.INVITATION,
            group=f"invitation:{invitation.pk}",
            subject=invitation.blog.title,
            url=link(invitation),
            actor=invitation.invited_by.name if invitation.invited_by else "",
        )


@events.durable(events.join_requested)
def asked_to_join(join_request, **_) -> None:
    for administrator in _staff():
        notify(
            administrator,
            Kind.JOIN_REQUEST,
            group="join-requests",
            subject=settings.BASE_URL,
            url=reverse("join-requests"),
            actor=join_request.user.username,
            excerpt=join_request.reason[:300],
        )


@events.durable(events.import_finished)
def imported(run, **_) -> None:
    notify(
        run.started_by,
        Kind.IMPORT,
        group=f"import:{run.pk}",
        subject=run.file_name,
        url=reverse("editor-import-export", args=[run.blog.slug]),
        excerpt="finished" if run.status == "done" else f"failed: {run.error}",
    )


@events.durable(events.report_received)
def reported(report, **_) -> None:
    for administrator in {*_staff(), report.blog.owner}:
        notify(
            administrator,
            Kind.REPORT,
            group=f"report:blog:{report.blog_id}",
            subject=report.blog.title,
            url=reverse("editor-fediverse", args=[report.blog.slug]),
            actor=report.reporter.display_name,
            excerpt=report.reason[:300],
        )
