"""The ActivityPub documents of a blog and its posts, and of the people here who follow, like
and reply elsewhere from their Reader, as other servers read them.

A blog is a `Person` actor: Mastodon, Pleroma and Misskey show a Person's posts in its followers'
home timelines as the account's own, while a `Group` is shown as a community whose members'
posts it boosts. A post is an `Article` as FEP-b2b8 describes it: a plain-text `name`, an HTML
`summary` teaser, the sanitized `content`, its images as attachments and its tags as Hashtags.

A person is a `Person` too, @~username@host: blogs have the plain names (@slug@host), and a
blog slug cannot begin with `~`, so a person's handle never meets a blog's (Plume marks its blogs
the same way). Their replies are `Note`s, served at their own addresses.
"""

from __future__ import annotations

import re
from html import escape, unescape

from django.conf import settings

from broadsheet.addresses import instance_path
from broadsheet.avatars import avatar_url
from broadsheet.blogs.models import Blog
from broadsheet.engagement.services.avatars import uploaded_path
from broadsheet.federation.services.keys import instance_key, key_for
from broadsheet.fetching.services import remote_images
from broadsheet.publishing.models import Post
from broadsheet.publishing.models.post import PUBLIC_STATUS, PostKind
from broadsheet.publishing.services import reading
from broadsheet.publishing.services.rendering import absolute_links

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
CONTEXT = [
    "https://www.w3.org/ns/activitystreams",
    "https://w3id.org/security/v1",
    {
        "Hashtag": "as:Hashtag",
        "sensitive": "as:sensitive",
        # Terms a JSON-LD processor drops unless the context defines them (Fedify's does): a
        # locked blog would read as open, its pinned posts and discoverability as absent.
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
        "toot": "http://joinmastodon.org/ns#",
        "featured": {"@id": "toot:featured", "@type": "@id"},
        "discoverable": "toot:discoverable",
    },
]
CONTENT_TYPE = "application/activity+json"
SUMMARY_CHARACTERS = 500
MAX_IMAGES = 4  # as many as Mastodon shows
_IMAGE = re.compile(r'<img\b[^>]*?\ssrc="(?P<src>[^"]+)"(?:[^>]*?\salt="(?P<alt>[^"]*)")?', re.I)


def actor_id(blog: Blog) -> str:
    return blog.url("ap-actor")


def actor_of(sender) -> str:
    """The actor id of a blog, or of a person here."""
    return actor_id(sender) if isinstance(sender, Blog) else person_id(sender)


def attributed_to(post: Post) -> str:
    """Who a post is from on the fediverse: its blog, or its author when the blog announces its
    authors."""
    return person_id(post.author) if post.blog.announces_authors else actor_id(post.blog)


def audience_of(post: Post) -> list[str]:
    """The followers collections a post is addressed to (cc)."""
    collections = [followers_id(post.blog)]
    if post.blog.announces_authors:
        collections.append(person_followers_id(post.author))
    return collections


def key_id(actor: str) -> str:
    """The id of the key an actor of ours publishes and signs with."""
    return actor + "#main-key"


def instance_url(name: str, **arguments) -> str:
    """The absolute address of a page on the instance's own host."""
    return settings.BASE_URL + instance_path(name, **arguments)


def shared_inbox_id() -> str:
    return instance_url("ap-shared-inbox")


def instance_actor_id() -> str:
    return instance_url("ap-instance-actor")


def instance_actor() -> dict:
    """The instance's own actor: it signs this site's fetches of documents elsewhere."""
    return {
        "@context": CONTEXT,
        "id": instance_actor_id(),
        "type": "Application",
        "preferredUsername": instance_host(),
        "name": "Broadsheet",
        "inbox": shared_inbox_id(),
        "url": settings.BASE_URL + "/",
        "manuallyApprovesFollowers": True,
        "publicKey": {
            "id": key_id(instance_actor_id()),
            "owner": instance_actor_id(),
            "publicKeyPem": instance_key().public_key_pem,
        },
    }


def followers_id(blog: Blog) -> str:
    return blog.url("ap-followers")


def handle(blog: Blog) -> str:
    return f"{blog.slug}@{blog.host or instance_host()}"


def actor(blog: Blog) -> dict:
    key = key_for(blog)
    document = {
        "@context": CONTEXT,
        "id": actor_id(blog),
        "type": "Person",
        "preferredUsername": blog.slug,
        "name": blog.title,
        "summary": f"<p>{escape(blog.tagline)}</p>" if blog.tagline else "",
        "url": blog.base_url,
        "inbox": blog.url("ap-inbox"),
        "outbox": blog.url("ap-outbox"),
        "followers": followers_id(blog),
        "featured": blog.url("ap-featured"),
        "endpoints": {"sharedInbox": shared_inbox_id()},
        "manuallyApprovesFollowers": blog.approves_followers,
        "discoverable": True,
        "publicKey": {
            "id": key_id(actor_id(blog)),
            "owner": actor_id(blog),
            "publicKeyPem": key.public_key_pem,
        },
        "icon": _image(blog.icon)
        or {
            "type": "Image",
            "mediaType": "image/svg+xml",
            "url": settings.BASE_URL + avatar_url(blog.slug),
        },
    }
    if blog.header_image:
        document["image"] = _image(blog.header_image)
    return document


def _image(media) -> dict | None:
    if media is None:
        return None
    return {"type": "Image", "mediaType": media.mime_type, "url": media.absolute_url}


PERSON_PREFIX = "~"


def instance_host() -> str:
    """The instance's domain in handles: its host, with its port when it has one (as Mastodon
    names a server on a port of its own: `user@localhost:3000`)."""
    return settings.BASE_URL.split("://", 1)[1]


def names_this_instance(host: str, request_host: str = "") -> bool:
    """Whether a handle's domain is ours: with or without the port, or as the request named us."""
    ours = {instance_host(), instance_host().split(":")[0]}
    if request_host:
        ours |= {request_host, request_host.split(":")[0]}
    return host in ours


def person_id(user) -> str:
    return instance_url("ap-person", username=user.username)


def person_followers_id(user) -> str:
    return instance_url("ap-person-followers", username=user.username)


def person_outbox_id(user) -> str:
    return instance_url("ap-person-outbox", username=user.username)


def person_handle(user) -> str:
    return f"{PERSON_PREFIX}{user.username}@{instance_host()}"


def person(user) -> dict:
    """A reader here, as the servers they follow, like and reply on see them."""
    from broadsheet.federation.services.authors import is_federated_author
    from broadsheet.federation.services.keys import person_key

    actor = person_id(user)
    author = is_federated_author(user)
    return {
        "@context": CONTEXT,
        "id": actor,
        "type": "Person",
        "preferredUsername": PERSON_PREFIX + user.username,
        "name": user.name,
        "url": actor,
        "inbox": instance_url("ap-person-inbox", username=user.username),
        "endpoints": {"sharedInbox": shared_inbox_id()},
        "followers": person_followers_id(user),
        "outbox": person_outbox_id(user),
        # An author of a blog that announces its authors may be followed; a reader may not.
        "manuallyApprovesFollowers": not author,
        "discoverable": author,
        "publicKey": {
            "id": key_id(actor),
            "owner": actor,
            "publicKeyPem": person_key(user).public_key_pem,
        },
        "icon": person_icon(user),
    }


def person_icon(user) -> dict:
    """The picture they uploaded, else the one drawn for them."""
    uploaded = uploaded_path(user.avatar_key)
    if uploaded:
        url = instance_url("media", path=uploaded)
        return {"type": "Image", "mediaType": "image/png", "url": url}
    return {
        "type": "Image",
        "mediaType": "image/svg+xml",
        "url": settings.BASE_URL + user.avatar_url,
    }


def note_id(reply) -> str:
    return instance_url("ap-person-note", username=reply.user.username, reply_id=reply.pk)


def note(reply) -> dict:
    """A person's reply to a post elsewhere: a Note to the post's author, public."""
    author = reply.entry.feed.url
    paragraphs = "".join(
        "<p>" + escape(part).replace("\n", "<br>") + "</p>"
        for part in reply.text.replace("\r\n", "\n").split("\n\n")
        if part.strip()
    )
    return {
        "id": note_id(reply),
        "type": "Note",
        "attributedTo": person_id(reply.user),
        "inReplyTo": reply.entry.guid,
        "content": paragraphs,
        "url": note_id(reply),
        "published": reply.created_at.isoformat(timespec="seconds"),
        "to": [PUBLIC],
        "cc": [author],
        "tag": [{"type": "Mention", "href": author}],
    }


def person_activity(kind: str, user, obj: dict | str, activity_id: str, to: list[str]) -> dict:
    """A Follow, Like, Undo or Create of a person here."""
    return {
        "@context": CONTEXT,
        "id": activity_id,
        "type": kind,
        "actor": person_id(user),
        "to": to,
        "object": obj,
    }


def federates(post: Post) -> bool:
    """Posts go out when they are public posts anyone may read (not pages, not protected)."""
    return post.kind == PostKind.POST and post.status == PUBLIC_STATUS and not post.password


def _summary(post: Post) -> str:
    text = reading.excerpt_of(post)
    if len(text) > SUMMARY_CHARACTERS:
        text = text[: SUMMARY_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"
    return f"<p>{escape(text)}</p>"


def article(post: Post) -> dict:
    blog = post.blog
    categories, tags = reading.terms_of(post)
    document = {
        "id": post.absolute_url,
        "type": "Article",
        "attributedTo": attributed_to(post),
        "name": post.display_title,
        "summary": _summary(post),
        "content": absolute_links(post.content_html),
        "mediaType": "text/html",
        "url": post.absolute_url,
        "published": post.published_at.isoformat(timespec="seconds"),
        "updated": post.modified_at.isoformat(timespec="seconds"),
        "to": [PUBLIC],
        "cc": audience_of(post),
        "tag": [
            {
                "type": "Hashtag",
                "name": "#" + term.name.replace(" ", ""),
                "href": blog.absolute(term.url_path),
            }
            for term in (*categories, *tags)
        ],
        "replies": {
            "id": post.absolute_url + "#replies",
            "type": "Collection",
            "totalItems": post.comment_count,
        },
        "sensitive": False,
    }
    images = []
    if post.featured_image_id and post.featured_image:
        image = post.featured_image
        images.append((image.absolute_url, image.alt_text, image.mime_type))
    for match in _IMAGE.finditer(document["content"]):
        source, alt = unescape(match["src"]), unescape(match["alt"] or "")
        if source.startswith(("https://", "http://")) and all(source != i[0] for i in images):
            images.append((source, alt, remote_images.media_type(source)))
    if images:
        # Mastodon shows an Article's attachments as its media (FEP-b2b8), with their alt text;
        # a type nobody knows is left out rather than guessed (a PNG called a JPEG is refused
        # by strict readers).
        document["attachment"] = [
            {"type": "Image", "url": url, "name": alt, **({"mediaType": kind} if kind else {})}
            for url, alt, kind in images[:MAX_IMAGES]
        ]
    return document


def activity(kind: str, post: Post, obj: dict | str, stamp: str) -> dict:
    """A Create, Update or Delete of a post by its blog (or by its author, when the blog
    announces its authors)."""
    return {
        "@context": CONTEXT,
        "id": f"{post.absolute_url}#{kind.lower()}-{stamp}",
        "type": kind,
        "actor": attributed_to(post),
        "published": post.modified_at.isoformat(timespec="seconds"),
        "to": [PUBLIC],
        "cc": audience_of(post),
        "object": obj,
    }


def announce(post: Post, stamp: str) -> dict:
    """The blog's boost of a post its author published."""
    return {
        "@context": CONTEXT,
        "id": f"{post.absolute_url}#announce-{stamp}",
        "type": "Announce",
        "actor": actor_id(post.blog),
        "published": post.published_at.isoformat(timespec="seconds"),
        "to": [PUBLIC],
        "cc": [followers_id(post.blog), person_id(post.author)],
        "object": post.absolute_url,
    }


def follow(follow_id: str, follower: str, followed: str) -> dict:
    """A Follow, as an answer to it or its Undo names it."""
    return {"id": follow_id, "type": "Follow", "actor": follower, "object": followed}


def tombstone(url: str) -> dict:
    return {"id": url, "type": "Tombstone"}


def collection(collection_id: str, total: int, items: list | None = None) -> dict:
    document = {
        "@context": CONTEXT[0],
        "id": collection_id,
        "type": "OrderedCollection",
        "totalItems": total,
    }
    if items is not None:
        document["orderedItems"] = items
    return document
