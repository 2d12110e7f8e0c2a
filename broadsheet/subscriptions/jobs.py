from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from broadsheet.jobs.services import HandBack, periodic, stopping
from broadsheet.publishing.models import Post
from broadsheet.subscriptions.models import PostMailing, Subscriber, SubscriberStatus
from broadsheet.subscriptions.services import mailing


@task
def send_confirmation(subscriber_id: int) -> None:
    subscriber = Subscriber.objects.select_related("blog").filter(pk=subscriber_id).first()
    if subscriber is not None and subscriber.status == SubscriberStatus.PENDING:
        mailing.send([(subscriber, mailing.confirmation(subscriber))])


# Subscribers mailed between two records of progress: what a killed worker may mail twice.
MAILING_STEP = 100


@task
def mail_post(post_id: int) -> None:
    """Mail a newly published post to the blog's instant subscribers, once, resuming where a
    mailing that was cut short stopped."""
    post = Post.objects.select_related("blog", "author").filter(pk=post_id).first()
    if post is None or not post.is_visible:
        return
    try:
        with transaction.atomic():
            record, _ = PostMailing.objects.get_or_create(post=post)
    except IntegrityError:  # another worker made it at the same moment
        record = PostMailing.objects.get(post=post)
    while record.finished_at is None:
        if stopping():
            raise HandBack
        batch = list(
            mailing.instant_subscribers(post, after=record.last_subscriber_id)[:MAILING_STEP]
        )
        sent = refused = 0
        if batch:
            sent, refused = mailing.send(
                (subscriber, mailing.new_post(subscriber, post)) for subscriber in batch
            )
            record.last_subscriber_id = batch[-1].pk
        else:
            record.finished_at = timezone.now()
        PostMailing.objects.filter(pk=record.pk).update(
            last_subscriber_id=record.last_subscriber_id,
            finished_at=record.finished_at,
            sent=F("sent") + sent,
            refused=F("refused") + refused,
        )


@periodic(every=60)
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
        # Claimed before it is sent: of two workers, one moves the subscriber's period on and
        # mails; the other finds it moved and does not. A failed send gives the period back.
        claimed = Subscriber.objects.filter(
            pk=subscriber.pk, digest_since=subscriber.digest_since
        ).update(digest_since=now)
        if claimed and posts:
            try:
                mailing.send([(subscriber, mailing.digest(subscriber, posts))])
            except Exception:
                Subscriber.objects.filter(pk=subscriber.pk, digest_since=now).update(
                    digest_since=subscriber.digest_since
                )
                raise
