"""The mail subscribers get: the confirmation, each new post, digests. Sent by the worker over
one SMTP connection per run; every message has a plain-text part and the List-Unsubscribe and
List-Unsubscribe-Post headers (RFC 8058). An address whose server refuses it for good is not
mailed again."""

import smtplib
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone
from django.utils.html import escape

from broadsheet.publishing.models import Post
from broadsheet.publishing.services.reading import excerpt_of
from broadsheet.publishing.services.rendering import absolute_links
from broadsheet.subscriptions.models import Frequency, Subscriber, SubscriberStatus
from broadsheet.subscriptions.services.subscriptions import confirm_token, unsubscribe_token

BATCH = 500
DIGEST_PERIOD = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}


def _unsubscribe_url(subscriber: Subscriber) -> str:
    return subscriber.blog.url("unsubscribe", token=unsubscribe_token(subscriber))


def _message(subscriber: Subscriber, subject: str, text: str, html: str) -> EmailMultiAlternatives:
    unsubscribe = _unsubscribe_url(subscriber)
    footer = f"\n\n--\nYou follow {subscriber.blog.title} by e-mail. Unsubscribe: {unsubscribe}\n"
    message = EmailMultiAlternatives(
        subject,
        text + footer,
        settings.DEFAULT_FROM_EMAIL,
        [subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{subscriber.blog.title} <{subscriber.blog.slug}.broadsheet>",
        },
    )
    message.attach_alternative(
        html + f"<hr><p><small>You follow {escape(subscriber.blog.title)} by e-mail. "
        f'<a href="{escape(unsubscribe)}">Unsubscribe</a></small></p>',
        "text/html",
    )
    return message


def confirmation(subscriber: Subscriber) -> EmailMultiAlternatives:
    blog = subscriber.blog
    link = blog.url("subscription-confirm", token=confirm_token(subscriber))
    text = (
        f"Someone (we hope you) asked to follow {blog.title} by e-mail at this address.\n\n"
        f"Confirm: {link}\n\nIf it was not you, ignore this mail: nothing more will be sent."
    )
    html = (
        f"<p>Someone (we hope you) asked to follow {escape(blog.title)} by e-mail at this "
        f'address.</p><p><a href="{escape(link)}">Confirm the subscription</a></p>'
        "<p>If it was not you, ignore this mail: nothing more will be sent.</p>"
    )
    return _message(subscriber, f"Confirm your subscription to {blog.title}", text, html)


def _post_parts(post: Post) -> tuple[str, str]:
    text = f"{post.display_title}\n{post.absolute_url}\n\n{excerpt_of(post)}"
    body = "" if post.is_protected else absolute_links(post.content_html)
    html = (
        f'<h2><a href="{escape(post.absolute_url)}">{escape(post.display_title)}</a></h2>'
        f"{body or '<p>' + escape(excerpt_of(post)) + '</p>'}"
    )
    return text, html


def new_post(subscriber: Subscriber, post: Post) -> EmailMultiAlternatives:
    text, html = _post_parts(post)
    return _message(subscriber, f"[{post.blog.title}] {post.display_title}", text, html)


def digest(subscriber: Subscriber, posts: list[Post]) -> EmailMultiAlternatives:
    parts = [_post_parts(post) for post in posts]
    text = "\n\n".join(part[0] for part in parts)
    html = "".join(part[1] for part in parts)
    period = "day" if subscriber.frequency == Frequency.DAILY else "week"
    return _message(
        subscriber, f"[{subscriber.blog.title}] {len(posts)} new this {period}", text, html
    )


def send(messages: Iterable[tuple[Subscriber, EmailMultiAlternatives]]) -> tuple[int, int]:
    """Send over one connection; returns (sent, refused). A permanent refusal (5xx) marks the
    subscriber bounced; a temporary one raises, so the job is retried."""
    sent = refused = 0
    with get_connection() as connection:
        for subscriber, message in messages:
            try:
                connection.send_messages([message])
                sent += 1
            except smtplib.SMTPRecipientsRefused as exc:
                codes = [code for code, _ in exc.recipients.values()]
                if all(500 <= code < 600 for code in codes):
                    Subscriber.objects.filter(pk=subscriber.pk).update(
                        status=SubscriberStatus.BOUNCED
                    )
                    refused += 1
                else:
                    raise
    return sent, refused


def instant_subscribers(post: Post, *, after: int = 0):
    """Who gets the post when it is published, in id order from after `after`."""
    return (
        Subscriber.objects.filter(
            blog_id=post.blog_id,
            status=SubscriberStatus.ACTIVE,
            frequency=Frequency.INSTANT,
            pk__gt=after,
        )
        .select_related("blog")
        .order_by("pk")
    )


def due_digests(now=None):
    """Subscribers whose digest period has passed since their last one."""
    now = now or timezone.now()
    for frequency, period in DIGEST_PERIOD.items():
        yield from (
            Subscriber.objects.filter(
                status=SubscriberStatus.ACTIVE, frequency=frequency, digest_since__lte=now - period
            )
            .select_related("blog")
            .iterator(chunk_size=BATCH)
        )
