"""ActivityPub, WebFinger and NodeInfo: thin views over the federation services."""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from broadsheet.accounts.services import signup
from broadsheet.blogs.models import Blog, User
from broadsheet.errors import BroadsheetError
from broadsheet.federation.models import Tombstone
from broadsheet.federation.services import (
    authors,
    delivery,
    documents,
    following,
    inbox,
    remote_follow,
)
from broadsheet.publishing.models import Post
from broadsheet.publishing.services import reading
from broadsheet.reader.models import EntryReply

logger = logging.getLogger("broadsheet.federation")
OUTBOX_ITEMS = 20


def activity_json(document: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(document, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = documents.CONTENT_TYPE
    response["Vary"] = "Accept"
    return response


def wants_activity_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return "application/activity+json" in accept or "application/ld+json" in accept


def _error(exc: BroadsheetError) -> JsonResponse:
    return JsonResponse({"error": exc.message}, status=exc.status)


def _received(request: HttpRequest) -> inbox.Received:
    return inbox.Received(
        method=request.method,
        url=request.build_absolute_uri(),
        headers={name.lower(): value for name, value in request.headers.items()},
        body=request.body,
    )


def signed_fetch_refusal(request: HttpRequest) -> JsonResponse | None:
    """Under authorized fetch, the refusal of an unsigned (or blocked) GET; else None."""
    if not settings.AUTHORIZED_FETCH:
        return None
    received = _received(request)
    try:
        inbox.check_signed_fetch(received)
    except BroadsheetError as exc:
        logger.warning("refused an unsigned or blocked fetch: %s", exc.message)
        inbox.record_refusal(received, exc)
        return _error(exc)
    return None


def _person_named_by(resource: str) -> User | None:
    """The person whose handle (acct:~username@host) or actor id `resource` is."""
    if resource.startswith("acct:" + documents.PERSON_PREFIX):
        name, _, host = resource[6:].rpartition("@")
        if not documents.names_this_instance(host):
            return None
        return following.person_on_the_fediverse(name)
    return following.person_of_actor(resource)


@require_safe
def webfinger(request: HttpRequest) -> JsonResponse:
    resource = request.GET.get("resource", "")
    blog = _blog_named_by(resource, request)
    if blog is not None:
        subject, actor, page = documents.handle(blog), documents.actor_id(blog), blog.base_url
    elif (person := _person_named_by(resource)) is not None:
        subject, actor = documents.person_handle(person), documents.person_id(person)
        page = actor
    else:
        return JsonResponse({"error": "No such account here."}, status=404)
    response = JsonResponse(
        {
            "subject": f"acct:{subject}",
            "aliases": list(dict.fromkeys([page, actor])),
            "links": [
                {"rel": "self", "type": documents.CONTENT_TYPE, "href": actor},
                {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": page},
            ],
        }
    )
    response["Content-Type"] = "application/jrd+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _blog_named_by(resource: str, request: HttpRequest) -> Blog | None:
    if resource.startswith("acct:"):
        name, _, host = resource[5:].lstrip("@").partition("@")
        blog = Blog.objects.filter(slug=name).first()
        if blog is None or not (
            documents.names_this_instance(host, request.get_host()) or host == blog.host
        ):
            return None
        return blog
    blog, _ = inbox.blog_of_address(resource)
    if blog is None or resource not in (blog.base_url, documents.actor_id(blog)):
        return None
    return blog


@require_safe
def host_meta(request: HttpRequest) -> HttpResponse:
    template = documents.instance_url("webfinger") + "?resource={uri}"
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">'
        f'<Link rel="lrdd" template="{template}"/></XRD>\n',
        content_type="application/xrd+xml",
    )


@require_safe
def nodeinfo_links(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "links": [
                {
                    "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
                    "href": documents.instance_url("nodeinfo"),
                }
            ]
        }
    )


@require_safe
def nodeinfo(request: HttpRequest) -> JsonResponse:
    try:
        release = version("broadsheet")
    except PackageNotFoundError:
        release = "0"
    posts = Post.objects.posts().visible().count()
    return JsonResponse(
        {
            "version": "2.1",
            "software": {
                "name": "broadsheet",
                "version": release,
                "homepage": "https://github.com/broadsheet/broadsheet",
            },
            "protocols": ["activitypub"],
            "services": {"inbound": [], "outbound": ["atom1.0", "rss2.0"]},
            "openRegistrations": signup.open_registrations(),
            "usage": {"users": {"total": Blog.objects.count()}, "localPosts": posts},
            "metadata": {},
        }
    )


@require_safe
def instance_actor(request: HttpRequest) -> JsonResponse:
    return activity_json(documents.instance_actor())


@require_safe
def actor(request: HttpRequest) -> JsonResponse:
    return activity_json(documents.actor(request.blog))


def _active_person(username: str) -> User:
    person = following.person_on_the_fediverse(username)
    if person is None:
        raise Http404("No such person")
    return person


@require_safe
def person(request: HttpRequest, username: str) -> JsonResponse:
    return activity_json(documents.person(_active_person(username)))


@require_safe
def person_note(request: HttpRequest, username: str, reply_id: int) -> JsonResponse:
    """A reply a person here sent to a post elsewhere, as the Note it went out as."""
    if refusal := signed_fetch_refusal(request):
        return refusal
    reply = (
        EntryReply.objects.filter(pk=reply_id, user=_active_person(username))
        .select_related("user", "entry__feed")
        .first()
    )
    if reply is None:
        raise Http404("No such reply")
    return activity_json({"@context": documents.CONTEXT, **documents.note(reply)})


@require_safe
def followers(request: HttpRequest) -> JsonResponse:
    if refusal := signed_fetch_refusal(request):
        return refusal
    blog = request.blog
    total = delivery.accepted_followers(blog.pk).count()
    return activity_json(documents.collection(documents.followers_id(blog), total))


@require_safe
def outbox(request: HttpRequest) -> JsonResponse:
    if refusal := signed_fetch_refusal(request):
        return refusal
    blog = request.blog
    listed = reading.listed_posts(blog).filter(password="").defer(None)
    recent = list(listed.order_by("-published_at")[:OUTBOX_ITEMS])
    for post in recent:
        post.blog = blog
    if blog.announces_authors:  # its authors' posts are theirs: the blog boosted them
        items = [documents.announce(post, "outbox") for post in recent]
    else:
        items = _creates(recent)
    return activity_json(documents.collection(blog.url("ap-outbox"), listed.count(), items))


def _creates(posts: list[Post]) -> list[dict]:
    return [documents.activity("Create", post, documents.article(post), "outbox") for post in posts]


@require_safe
def featured(request: HttpRequest) -> JsonResponse:
    if refusal := signed_fetch_refusal(request):
        return refusal
    blog = request.blog
    pinned = list(reading.listed_posts(blog).filter(sticky=True, password="").defer(None))
    for post in pinned:
        post.blog = blog
    items = [documents.article(post) for post in pinned]
    return activity_json(documents.collection(blog.url("ap-featured"), len(items), items))


def _receive(request: HttpRequest, blog: Blog | None) -> HttpResponse:
    received = _received(request)
    try:
        done = inbox.receive(received, blog)
    except BroadsheetError as exc:
        # Visible to the operator: every refusal is logged and listed in the admin.
        logger.warning("inbox refused a request: %s", exc.message)
        inbox.record_refusal(received, exc)
        return _error(exc)
    logger.info("inbox: %s", done)
    return HttpResponse(status=202)


@csrf_exempt
@require_POST
def blog_inbox(request: HttpRequest) -> HttpResponse:
    return _receive(request, request.blog)


@csrf_exempt
@require_POST
def shared_inbox(request: HttpRequest) -> HttpResponse:
    return _receive(request, None)


@csrf_exempt
@require_POST
def person_inbox(request: HttpRequest, username: str) -> HttpResponse:
    """What servers send a person here: answers to their follows, posts of those they follow."""
    _active_person(username)
    return _receive(request, None)


def gone(request: HttpRequest) -> JsonResponse | None:
    """For an ActivityPub client asking for a post that federated and is gone: 410 Gone."""
    if not wants_activity_json(request):
        return None
    url = request.blog.absolute(request.path[len(request.blog_root) :])
    tombstone = Tombstone.objects.filter(url=url).first()
    if tombstone is None:
        return None
    document = {"@context": documents.CONTEXT[0], **documents.tombstone(url)}
    document["deleted"] = tombstone.deleted_at.isoformat(timespec="seconds")
    return activity_json(document, status=410)


def post_document(request: HttpRequest, post: Post) -> JsonResponse:
    """A post's permalink asked for as ActivityPub: the Article."""
    if refusal := signed_fetch_refusal(request):
        return refusal
    return activity_json({"@context": documents.CONTEXT, **documents.article(post)})


@require_safe
def follow_from_elsewhere(request: HttpRequest) -> HttpResponse:
    """A visitor follows the blog from their own server. A link they click, not a redirect, so
    this page cannot bounce anyone to another site unseen."""
    blog, account = request.blog, request.GET.get("account", "").strip()[:300]
    handle = documents.handle(blog)
    follow_url = error = ""
    if account:
        try:
            follow_url = remote_follow.follow_address(account, handle)
        except BroadsheetError as exc:
            error = exc.message
    return render(
        request,
        "federation/remote_follow.html",
        {
            "blog": blog,
            "handle": handle,
            "account": account,
            "follow_url": follow_url,
            "error": error,
        },
    )


@require_safe
def person_followers(request: HttpRequest, username: str) -> JsonResponse:
    if refusal := signed_fetch_refusal(request):
        return refusal
    person = _active_person(username)
    total = authors.follower_count(person)
    return activity_json(documents.collection(documents.person_followers_id(person), total))


@require_safe
def person_outbox(request: HttpRequest, username: str) -> JsonResponse:
    """An author's posts on the blogs that announce their authors."""
    if refusal := signed_fetch_refusal(request):
        return refusal
    person = _active_person(username)
    listed = (
        Post.objects.posts()
        .visible()
        .filter(author=person, blog__announces_authors=True, password="")
        .select_related("blog", "author", "featured_image")
    )
    recent = list(listed.order_by("-published_at")[:OUTBOX_ITEMS])
    outbox_id = documents.person_outbox_id(person)
    return activity_json(documents.collection(outbox_id, listed.count(), _creates(recent)))
