from django.db import IntegrityError, transaction
from django.utils import timezone

from broadsheet.jobs.services import handler, periodic
from broadsheet.publishing.models import Post
from broadsheet.subscriptions.models import PostMailing, Subscriber, SubscriberStatus
from broadsheet.subscriptions.services import mailing


@handler("subscriptions.send_confirmation")
def send_confirmation(payload: dict) -> None:
    subscriber = (
        Subscriber.objects.select_related("blog").filter(pk=payload["subscriber_id"]).first()
    )
    if subscriber is not None and subscriber.status == SubscriberStatus.PENDING:
        mailing.send([(subscriber, mailing.confirmation(subscriber))])


@handler("subscriptions.mail_post")
def mail_post(payload: dict) -> None:
    """Mail a newly published post to the blog's instant subscribers, once."""
    post = Post.objects.select_related("blog", "author").filter(pk=payload["post_id"]).first()
    if post is None or not post.is_visible:
        return
    try:
        with transaction.atomic():
            record = PostMailing.objects.create(post=post)
    except IntegrityError:
        return  # mailed already
    sent, refused = mailing.send(
        (subscriber, mailing.new_post(subscriber, post))
        for subscriber in mailing.instant_subscribers(post)
    )
    PostMailing.objects.filter(pk=record.pk).update(sent=sent, refused=refused)


@periodic
def send_digests() -> None:
    """Daily and weekly digests of what each blog published since a subscriber's last one."""
    now = timezone.now()
    for subscriber in mailing.due_digests(now):
        posts = list(
            Post.objects.filter(
                blog_id=subscriber.blog_id,
                published_at__gt=subscriber.digest_since,
                published_at__lte=now,
            )
            .posts()
            .visible()
            .select_related("blog")
            .order_by("published_at")[:50]
        )
        if posts:
            mailing.send([(subscriber, mailing.digest(subscriber, posts))])
        Subscriber.objects.filter(pk=subscriber.pk).update(digest_since=now)
