"""The Reader (/reader/) and following: thin views over services/following.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from broadsheet.blogs.models import Blog
from broadsheet.engagement.services import likes
from broadsheet.errors import BroadsheetError
from broadsheet.federation.services import following as fediverse
from broadsheet.publishing.models import Post
from broadsheet.reader.services import following
from broadsheet.validation import whole_number


@login_required
def reader(request):
    page = following.reader_page(request.user, request.GET.get("page", 1))
    return render(
        request,
        "reader/reader.html",
        {
            "page_obj": page,
            "items": page.object_list,
            "followed": following.followed(request.user),
            # Fediverse accounts that have not answered the Follow yet (a locked account's
            # owner approves each follower).
            "unanswered": fediverse.unanswered(request.user),
        },
    )


def _back(request, default: str):
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return redirect(target if safe and target else default)


@login_required
@require_POST
def follow(request):
    """Follow (or stop following) a blog here by its slug, or a site elsewhere by its address."""
    slug, url = request.POST.get("blog", ""), request.POST.get("url", "")
    try:
        if slug:
            blog = Blog.objects.filter(slug=slug).first()
            if blog is None:
                raise Http404("No such blog")
            if request.POST.get("stop"):
                following.unfollow_blog(request.user, blog)
            else:
                following.follow_blog(request.user, blog)
            return _back(request, blog.get_absolute_url())
        feed = request.POST.get("feed", "")
        if feed:
            following.unfollow_feed(request.user, whole_number(feed) or 0)
        else:
            following.follow_site(request.user, url)
            messages.success(request, "Followed: its new posts appear here as they are fetched.")
    except BroadsheetError as exc:
        messages.error(request, exc.message)
    return redirect("reader")


def _act_then_back(request, action, done: str = ""):
    """Do what a Reader button asks; back to the Reader with what came of it."""
    try:
        action()
        if done:
            messages.success(request, done)
    except BroadsheetError as exc:
        messages.error(request, exc.message)
    return redirect("reader")


@login_required
@require_POST
def like(request, post_id: int):
    post = Post.objects.filter(pk=post_id).select_related("blog").first()
    if post is None:
        raise Http404("No such post")
    return _act_then_back(request, lambda: likes.like(post, request.user))


@login_required
@require_POST
def like_entry(request, entry_id: int):
    """Like (or, with `stop`, stop liking) a post a followed fediverse account sent."""
    liked = not request.POST.get("stop")
    return _act_then_back(
        request, lambda: following.like_entry(request.user, entry_id, liked=liked)
    )


@login_required
@require_POST
def reply_to_entry(request, entry_id: int):
    text = request.POST.get("text", "")
    return _act_then_back(
        request, lambda: following.reply_to_entry(request.user, entry_id, text), "Reply sent."
    )
