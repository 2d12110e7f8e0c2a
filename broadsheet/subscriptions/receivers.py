"""E-mail subscriptions listen to the domain events: a post that goes public is mailed to the
blog's instant subscribers by the worker (a scheduled post when its time comes: the event is
sent once, and PostMailing keeps a post from being mailed twice)."""

from broadsheet import events
from broadsheet.publishing.models import PostKind
from broadsheet.subscriptions.jobs import mail_post


@events.durable(events.post_published)
def mail_new_post(post, previous, **_) -> None:
    if post.kind == PostKind.POST:
        mail_post.enqueue(post_id=post.pk)
