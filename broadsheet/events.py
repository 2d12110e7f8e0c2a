"""Domain events: what happened to the content, told once, after the change is committed.

The services are the only write path (the editor, the REST API, the CLI, the importer and the
worker all call them), and they announce each change here instead of calling its side effects
themselves. A feature that must react to content subscribes in its app's `receivers.py`
(connected in `AppConfig.ready`); no write path needs to know it exists.

| event                | sent when                                              | keyword arguments    |
|----------------------|--------------------------------------------------------|----------------------|
| post_published       | a post or page becomes public (now, or its scheduled   | post, previous       |
|                      | time came: sent once, by the worker that flipped it)   |                      |
| post_updated         | a public post or page changed                          | post, previous       |
| post_unpublished     | a public post or page stopped being public             | post, previous       |
| post_deleted         | a post or page was deleted for good                    | post, previous       |
| comment_approved     | a comment started to show on its post (edited=True:    | comment, edited      |
|                      | a shown comment's text changed)                        |                      |
| comment_withdrawn    | a shown comment stopped showing (held, spam, trash,    | comment              |
|                      | deleted)                                               |                      |
| term_changed         | a category or tag was created, renamed, moved, deleted | blog, term           |
| blog_changed         | a blog's title, tagline, time zone, host or contents   | blog                 |
|                      | changed as a whole (an import)                         |                      |
| related_changed      | the related-post lists of some posts were recomputed   | blog, post_ids       |
| post_reblogged       | a post of this instance was reblogged (its count grew) | original, reblog     |
| source_followed      | a reader followed a source elsewhere (a feed or a      | follow               |
|                      | fediverse account)                                     |                      |
| source_unfollowed    | a reader stopped following a source elsewhere          | user, feed           |
| entry_liked          | a reader liked (or stopped liking) a post elsewhere    | user, entry, liked   |
| entry_replied        | a reader replied to a post elsewhere                   | reply                |
| post_liked           | a post was liked, here or from elsewhere               | post, user, actor    |
| post_boosted         | a post was boosted (Announce) from elsewhere           | post, actor          |
| comment_held         | a comment arrived that waits for moderation            | comment              |
| blog_followed        | a blog gained a follower (Reader, e-mail, fediverse;   | blog, follower, via, |
|                      | user: the follower, when it is someone here)           | user                 |
| mentioned            | a public note elsewhere named a person or blog here    | user, blog, actor,   |
|                      | (blog: None when the person was named)                 | url, excerpt         |
| report_received      | a server elsewhere reported a blog or post here        | report               |
| blog_deleting        | a blog is being deleted with everything in it (sent    | blog                 |
|                      | in the deleting transaction, before its rows go)       |                      |
| account_deleting     | an account is being deleted (likewise, before it goes) | user                 |
| import_finished      | an import started from the browser ended (done or not) | run                  |
| join_requested       | someone signed up and waits for approval               | join_request         |
| join_decided         | an administrator approved or refused a join request    | join_request         |
| invitation_sent      | someone was invited to the instance or to a blog       | invitation           |
| invitation_accepted  | an invitation was taken up                             | invitation           |

`previous` is the post as it was before the change (a `PostState`), or None for a new post.

Two kinds of receivers:

- `@durable(event, …)`: what must not be lost (a mailing, a federation delivery, Webmentions,
  related posts). It runs inside the change's own transaction and queues a job there: the job
  is committed with the change or not at all, whatever happens to the process after the
  commit (the job queue is the outbox). It must only queue jobs or write rows, never reach
  another server.
- `@receiver(event)` (Django's): what may be redone from scratch (dropping cached pages). It
  runs after the commit; a rolled-back change sends nothing.

A receiver that fails is logged without undoing the change or stopping the other receivers (a
durable one in a savepoint of its own, so its half-done writes go and the change's stay).
"""

import logging
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger("broadsheet.events")
_durable: dict[Signal, list[Callable]] = defaultdict(list)

post_published = Signal()
post_updated = Signal()
post_unpublished = Signal()
post_deleted = Signal()
comment_approved = Signal()
comment_withdrawn = Signal()
term_changed = Signal()
blog_changed = Signal()
related_changed = Signal()
post_reblogged = Signal()
source_followed = Signal()
source_unfollowed = Signal()
entry_liked = Signal()
entry_replied = Signal()
post_liked = Signal()
post_boosted = Signal()
comment_held = Signal()
blog_followed = Signal()
report_received = Signal()
mentioned = Signal()
blog_deleting = Signal()
account_deleting = Signal()
import_finished = Signal()
join_requested = Signal()
join_decided = Signal()
invitation_sent = Signal()
invitation_accepted = Signal()


def durable(*events: Signal):
    """Register a receiver that runs inside the transaction of the change (see above)."""

    def register(function: Callable) -> Callable:
        for event in events:
            _durable[event].append(function)
        return function

    return register


def emit(event: Signal, **details) -> None:
    """Run `event`'s durable receivers now, in the current transaction, and send it to the
    others once the transaction commits (at once outside a transaction). Django's
    send_robust logs a failing receiver and goes on with the others."""
    for function in _durable[event]:
        try:
            with transaction.atomic():
                function(sender=None, signal=event, **details)
        except Exception:
            logger.exception("durable receiver %s of an event failed", function.__qualname__)
    transaction.on_commit(lambda: event.send_robust(sender=None, **details), robust=True)
