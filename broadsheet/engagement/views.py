"""Readers' actions on a post: likes (a small JSON endpoint), comments, avatars, sharing."""

from urllib.parse import quote, urlsplit

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from broadsheet.avatars import identicon_svg
from broadsheet.engagement.models import CommentStatus
from broadsheet.engagement.services import likes, webmentions
from broadsheet.engagement.services.avatars import uploaded_path
from broadsheet.engagement.services.comments import CommentInput, submit_comment
from broadsheet.errors import BroadsheetError
from broadsheet.publishing.services.posts import get_post
from broadsheet.validation import whole_number
from broadsheet.web.pages import HELD_COMMENTS, UNLOCKED_POSTS
from broadsheet.web.responses import error_response, require_login


@require_http_methods(["GET", "POST", "DELETE"])
def post_likes(request, post_id: int):
    """GET the count, whether you liked it and the last likers; POST to like; DELETE to unlike.
    The page loads this after it renders, so the page itself stays cacheable for everyone."""
    try:
        post = get_post(request.blog, post_id)
        if request.method != "GET":
            require_login(request)
            (likes.like if request.method == "POST" else likes.unlike)(post, request.user)
        data = likes.summary(post, request.user)
    except BroadsheetError as exc:
        return error_response(exc)
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    # Hands the page a CSRF cookie for its comment form (the cached page cannot carry a token).
    get_token(request)
    return response


@require_POST
def post_comment(request, post_id: int):
    try:
        post = get_post(request.blog, post_id)
        parent = request.POST.get("parent", "")
        comment = submit_comment(
            post,
            request.user,
            CommentInput(
                body=request.POST.get("comment", ""),
                name=request.POST.get("author", ""),
                email=request.POST.get("email", ""),
                url=request.POST.get("url", "").strip(),
                parent_id=whole_number(parent, largest=2**31 - 1),
                ip=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                honeypot=request.POST.get("website_hp", ""),
                unlocked=post.pk in UNLOCKED_POSTS.read(request),
            ),
        )
    except BroadsheetError as exc:
        return render(
            request,
            "engagement/comment_error.html",
            {"message": exc.message, "back": request.META.get("HTTP_REFERER", "/")},
            status=exc.status,
        )
    response = HttpResponseRedirect(f"{request.blog_root}{post.url_path}#comment-{comment.pk}")
    if comment.status == CommentStatus.HOLD:
        HELD_COMMENTS.add(request, response, comment.pk)
    return response


@require_safe
@cache_control(public=True, max_age=86400)
def avatar(request, key: str):
    """The picture its owner uploaded (at its one address under /media/), else one drawn from
    the key. Either may change, so browsers keep it for an hour."""
    uploaded = uploaded_path(key)
    if uploaded:
        response = HttpResponseRedirect(reverse("media", kwargs={"path": uploaded}))
    else:
        response = HttpResponse(identicon_svg(key), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def share_on_mastodon(request):
    """Mastodon has no single share address: ask for the reader's server, then offer the link
    to it. A link the reader clicks, not a redirect, so this page cannot be used to bounce
    visitors to another site unseen."""
    text = request.GET.get("text", "")[:1000]
    instance = request.GET.get("instance", "").strip().lower()
    share_url = ""
    if instance:
        try:
            host = urlsplit(instance if "://" in instance else f"https://{instance}").hostname
        except ValueError:  # "[" and other addresses that are not URLs
            host = None
        if host and "." in host:
            share_url = f"https://{host}/share?text={quote(text, safe='')}"
    return render(
        request,
        "engagement/share_mastodon.html",
        {"text": text, "instance": instance, "share_url": share_url},
    )


# Sites that mention a post post here without our cookies; nothing is done before the worker
# has read the source.
@csrf_exempt
@require_POST
def receive_webmention(request):
    """The Webmention endpoint every blog page names (rel="webmention")."""
    try:
        webmentions.receive(
            request.blog,
            request.POST.get("source", ""),
            request.POST.get("target", ""),
            request.META.get("REMOTE_ADDR"),
        )
    except BroadsheetError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    return HttpResponse(
        "Accepted: the mention is checked shortly.", status=202, content_type="text/plain"
    )


def csrf_failure(request, reason: str = ""):
    return render(
        request,
        "engagement/comment_error.html",
        {
            "message": "Your form expired or your browser blocked cookies. Please reload the page "
            "and try again.",
            "back": request.META.get("HTTP_REFERER", "/"),
        },
        status=403,
    )
