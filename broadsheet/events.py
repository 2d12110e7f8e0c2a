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
| comment_approved     | a comment started to show on its post                  | comment              |
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

`previous` is the post as it was before the change (a `PostState`), or None for a new post.
Receivers run after the commit: a rolled-back change sends nothing, and a receiver that fails
is logged without undoing the change or stopping the other receivers.
"""

from django.db import transaction
from django.dispatch import Signal

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


def emit(event: Signal, **details) -> None:
    """Send `event` once the current transaction commits (at once outside a transaction).
    Django's send_robust logs a failing receiver and goes on with the others."""
    transaction.on_commit(lambda: event.send_robust(sender=None, **details), robust=True)
