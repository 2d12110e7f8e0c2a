"""The blog owner's fediverse screen (/@slug/edit/fediverse/): the blog's handle, its profile's
icon and header image, whether it approves its followers, follow requests, followers, blocks and
reports from other servers. Thin views over the services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from broadsheet.addresses import instance_path
from broadsheet.blogs.services.blogs import update_blog
from broadsheet.dashboard.screens import administrator_required
from broadsheet.errors import BroadsheetError, InvalidInput
from broadsheet.federation.models import Block, Report
from broadsheet.federation.services import blocks, documents, followers
from broadsheet.publishing.models import Media
from broadsheet.validation import whole_number

SHOWN_FOLLOWERS = 200
SHOWN_IMAGES = 100
SHOWN_REPORTS = 50


def _images(blog):
    return Media.objects.filter(blog=blog, mime_type__startswith="image/").order_by("-created_at")


def _profile(request) -> None:
    """The icon and header image chosen from the blog's images (an empty choice: none)."""
    chosen = {}
    for field in ("icon", "header_image"):
        value = request.POST.get(field, "")
        number = whole_number(value)
        chosen[field] = _images(request.blog).filter(pk=number).first() if number else None
        if value and chosen[field] is None:
            raise InvalidInput("Choose an image of the blog's library.")
    update_blog(request.blog, **chosen)


@administrator_required
def fediverse(request):
    blog = request.blog
    accepted = followers.accepted(blog)
    return render(
        request,
        "dashboard/fediverse.html",
        {
            "blog": blog,
            "handle": documents.handle(blog),
            "instance_host": documents.instance_host(),
            "requests": followers.pending(blog),
            "followers": accepted[:SHOWN_FOLLOWERS],
            "follower_count": accepted.count(),
            "blocks": Block.objects.filter(blog=blog).order_by("-created_at"),
            "images": _images(blog)[:SHOWN_IMAGES],
            "reports": Report.objects.filter(blog=blog)
            .select_related("reporter", "post")
            .order_by("-received_at")[:SHOWN_REPORTS],
        },
    )


@administrator_required
@require_POST
def change(request):
    """One action of the screen: the profile's pictures, lock or unlock, authors as accounts
    of their own or not, approve or reject, block or unblock."""
    blog, action, target = (
        request.blog,
        request.POST.get("action", ""),
        request.POST.get("target", ""),
    )
    actions = {
        "lock": lambda: update_blog(blog, approves_followers=True),
        "unlock": lambda: update_blog(blog, approves_followers=False),
        "authors_on": lambda: update_blog(blog, announces_authors=True),
        "authors_off": lambda: update_blog(blog, announces_authors=False),
        "approve": lambda: followers.approve(blog, target),
        "reject": lambda: followers.reject(blog, target),
        "block": lambda: blocks.block(target, blog),
        "unblock": lambda: blocks.unblock(target, blog),
        "profile": lambda: _profile(request),
    }
    try:
        if action not in actions:
            raise BroadsheetError("Choose something to do.")
        actions[action]()
    except BroadsheetError as exc:
        messages.error(request, exc.message)
    return redirect(instance_path("editor-fediverse", blog_slug=blog.slug))
