"""What a notification says, as people expect to read it ("Ana and 12 others liked …")."""

from __future__ import annotations

_VERBS = {
    "like": "liked {subject}",
    "comment": "commented on {subject}",
    "reply": "replied to your comment on {subject}",
    "reblog": "reblogged {subject}",
    "follow": "followed {subject}",
    "mention": "mentioned {subject}",
    "invitation": "invited you to write for {subject}",
    "join_request": "asked to join this instance",
    "report": "reported {subject}",
}


def names(actors: list[str], count: int) -> str:
    if not actors:
        return "Someone" if count <= 1 else f"{count} people"
    if count <= 1:
        return actors[0]
    if count == 2 and len(actors) >= 2:
        return f"{actors[0]} and {actors[1]}"
    others = count - 1
    return f"{actors[0]} and {others} other{'s' if others != 1 else ''}"


def summary(notification) -> str:
    subject = f"“{notification.subject}”" if notification.subject else "you"
    if notification.kind == "import":
        return f"The import of {subject} {notification.excerpt or 'finished'}"
    if notification.kind == "moderation":
        many = notification.actor_count
        what = "A comment awaits" if many == 1 else f"{many} comments await"
        return f"{what} your approval on {subject}"
    verb = _VERBS.get(notification.kind, "did something with {subject}")
    text = f"{names(notification.actors, notification.actor_count)} {verb.format(subject=subject)}"
    # People's names stay as they wrote them; a stand-in ("someone by e-mail") starts a sentence.
    return text[:1].upper() + text[1:] if text.startswith("someone") else text
