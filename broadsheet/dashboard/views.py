"""The writers' editor: dashboard, post list, the Markdown editor with live preview and image
upload, revisions, and comment moderation. Every change goes through the services."""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from broadsheet.addresses import instance_path
from broadsheet.blogs.models import Blog, Membership, Role, User
from broadsheet.blogs.services import permissions
from broadsheet.blogs.services.blogs import update_blog
from broadsheet.dashboard.forms import BlogSettingsForm, PostForm
from broadsheet.dashboard.screens import administrator_required, writer_required
from broadsheet.engagement.models import CommentStatus
from broadsheet.engagement.services import comments as comment_service
from broadsheet.engagement.services import reblogs
from broadsheet.errors import BroadsheetError
from broadsheet.fetching.services.pages import PageCard
from broadsheet.publishing.models import Category, Post, PostKind, PostStatus
from broadsheet.publishing.services import media as media_service
from broadsheet.publishing.services import posts as post_service
from broadsheet.publishing.services import reading
from broadsheet.publishing.services.posts import PostChanges
from broadsheet.publishing.services.rendering import render_markdown
from broadsheet.publishing.services.terms import tags_by_name
from broadsheet.subscriptions.services import subscriptions
from broadsheet.validation import whole_number, whole_numbers
from broadsheet.web.pages import post_page_context, render_blog_page


def _editable_post(request, post_id: int) -> Post:
    post = (
        Post.objects.filter(blog=request.blog, pk=post_id).select_related("blog", "author").first()
    )
    if post is None or not permissions.can_edit_post(request.user, post):
        raise Http404("No such post")
    return post


@login_required
def dashboard(request):
    if request.user.is_superuser:
        blogs = Blog.objects.all()
    else:
        writer_roles = [Role.ADMINISTRATOR, Role.EDITOR, Role.AUTHOR, Role.CONTRIBUTOR]
        blogs = Blog.objects.filter(
            Q(owner=request.user)
            | Q(memberships__user=request.user, memberships__role__in=writer_roles)
        ).distinct()
    memberships = (
        Membership.objects.filter(user=request.user)
        .exclude(blog__owner=request.user)
        .select_related("blog")
    )
    return render(request, "dashboard/home.html", {"blogs": blogs, "memberships": memberships})


@writer_required
def post_list(request, kind: str = PostKind.POST):
    blog = request.blog
    posts = (
        Post.objects.filter(blog=blog, kind=kind)
        .select_related("author", "blog", "parent")
        .order_by("-modified_at")
    )
    if not permissions.can_edit_others(request.user, blog):
        posts = posts.filter(author=request.user)
    status = request.GET.get("status")
    posts = (
        posts.filter(status=status)
        if status in PostStatus.values
        else posts.exclude(status=PostStatus.TRASH)
    )
    filters = _list_filters(request.GET)
    if filters["s"]:
        posts = posts.filter(title__icontains=filters["s"])
    if filters["author"]:
        posts = posts.filter(author_id=filters["author"])
    if filters["category"]:
        posts = posts.filter(categories=filters["category"])
    if filters["month"]:
        posts = posts.filter(
            published_at__year=filters["month"][0], published_at__month=filters["month"][1]
        )
    can_moderate = comment_service.moderates_on(request.user, blog)
    held = (
        comment_service.moderation_queue(blog, request.user)
        .filter(status=CommentStatus.HOLD)
        .count()
        if can_moderate
        else 0
    )
    return render(
        request,
        "dashboard/post_list.html",
        {
            "blog": blog,
            "is_pages": kind == PostKind.PAGE,
            "posts": posts[:200],
            "filters": filters,
            "authors": User.objects.filter(posts__blog=blog).distinct().order_by("username"),
            "categories": Category.objects.filter(blog=blog).order_by("path"),
            "status": status,
            "held_count": held,
            "statuses": PostStatus.choices,
            "can_moderate": can_moderate,
            "subscriber_count": subscriptions.active_count(blog),
        },
    )


@writer_required
def edit_post(request, post_id: int | None = None, kind: str = PostKind.POST):
    blog = request.blog
    post = _editable_post(request, post_id) if post_id else None
    kind = post.kind if post else kind
    if kind == PostKind.PAGE and not permissions.can_edit_others(request.user, blog):
        return HttpResponseForbidden("Only the blog's editors write its pages.")
    can_publish = permissions.can_publish(request.user, blog)
    if request.method == "POST":
        form = PostForm(request.POST, blog=blog, kind=kind, post=post)
        if form.is_valid():
            try:
                post = _save_from_form(request, form, post, can_publish)
            except BroadsheetError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _saved_message(post))
                return redirect("editor-edit-post", blog_slug=blog.slug, post_id=post.pk)
    else:
        form = PostForm(
            initial=PostForm.initial_for(post) if post else {"comments_open": True},
            blog=blog,
            kind=kind,
            post=post,
        )
    return render(
        request,
        "dashboard/edit_post.html",
        {
            "blog": blog,
            "post": post,
            "form": form,
            "is_page": kind == PostKind.PAGE,
            "can_publish": can_publish,
            "revisions": post.revisions.select_related("author")[:30] if post else [],
            "featured": post.featured_image if post else None,
            "can_upload": permissions.can_upload(request.user, blog),
        },
    )


def _list_filters(query) -> dict:
    """The post list's filters as given (a bad value filters nothing)."""
    month = re.fullmatch(r"(\d{4})-(\d{2})", query.get("month", ""))
    return {
        "s": query.get("s", "").strip()[:200],
        "author": whole_number(query.get("author", "")),
        "category": whole_number(query.get("category", "")),
        "month": (int(month.group(1)), int(month.group(2))) if month else None,
        "month_text": query.get("month", "")[:7] if month else "",
    }


@writer_required
@require_POST
def change_posts(request):
    """Bulk actions on the post list, each through the post services (and their rules)."""
    ids = whole_numbers(request.POST.getlist("post"))
    chosen = [
        post
        for post in Post.objects.filter(blog=request.blog, pk__in=ids).select_related("blog")
        if permissions.can_edit_post(request.user, post)
    ]
    action = request.POST.get("action", "")
    category = whole_number(request.POST.get("category", ""))
    done = 0
    for post in chosen:
        try:
            if action == "publish":
                post_service.update_post(
                    post, request.user, PostChanges(status=PostStatus.PUBLISHED)
                )
            elif action == "trash":
                post_service.trash_post(post, request.user)
            elif action == "restore" and post.status == PostStatus.TRASH:
                post_service.update_post(post, request.user, PostChanges(status=PostStatus.DRAFT))
            elif action == "delete" and post.status == PostStatus.TRASH:
                post_service.delete_post(post, request.user)
            elif action == "categorise" and category:
                current = list(post.categories.values_list("pk", flat=True))
                post_service.update_post(
                    post, request.user, PostChanges(category_ids=[*current, category])
                )
            else:
                continue
            done += 1
        except BroadsheetError as exc:
            messages.error(request, f"{post.display_title}: {exc.message}")
    if done:
        messages.success(request, f"{done} changed.")
    back = request.POST.get("back", "")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "/dashboard/")


def _save_from_form(request, form: PostForm, post: Post | None, can_publish: bool) -> Post:
    action = request.POST.get("action", "draft")
    status = {
        "draft": PostStatus.DRAFT,
        "publish": PostStatus.PUBLISHED if can_publish else PostStatus.PENDING,
        "review": PostStatus.PENDING,
        "update": post.status if post else PostStatus.DRAFT,
    }.get(action, PostStatus.DRAFT)
    if status == PostStatus.TRASH:
        status = PostStatus.DRAFT
    if status in (PostStatus.PUBLISHED, PostStatus.PRIVATE):
        status = PostStatus.PRIVATE if form.cleaned_data["private"] else PostStatus.PUBLISHED
    tag_names = [name for name in form.cleaned_data["tags"].split(",") if name.strip()]
    tag_ids = [tag.pk for tag in tags_by_name(request.blog, tag_names)]
    changes = form.changes(status, tag_ids)
    if post is None:
        return post_service.create_post(request.blog, request.user, changes, kind=form.kind)
    return post_service.update_post(post, request.user, changes)


def _saved_message(post: Post) -> str:
    return {
        PostStatus.PUBLISHED: "Post published.",
        PostStatus.SCHEDULED: f"Post scheduled for {post.local_published_at:%-d %B %Y at %H:%M}.",
        PostStatus.PENDING: "Post submitted for review.",
    }.get(post.status, "Draft saved.")


@writer_required
def preview_post(request, post_id: int):
    """The post page as it will look, for its writer (never cached: the writer is signed in)."""
    post = _editable_post(request, post_id)
    return render_blog_page(request, "publishing/post.html", post_page_context(post, []))


@login_required
def reblog(request):
    """Reblog a post of this instance, or one anywhere on the web, onto a blog of yours."""
    url = (request.POST.get("url") or request.GET.get("url") or "").strip()
    context = {"url": url, "targets": reblogs.reblog_targets(request.user), "card": None}
    try:
        if request.method == "POST":
            blog = next((b for b in context["targets"] if b.slug == request.POST.get("blog")), None)
            if blog is None:
                raise BroadsheetError("Choose one of your blogs.", status=403)
            post = reblogs.reblog_url(url, blog, request.user, request.POST.get("commentary", ""))
            messages.success(request, "Reblogged.")
            return redirect(post.get_absolute_url())
        if url:
            local = reading.public_post_at(url)
            context["card"] = (
                PageCard(
                    local.absolute_url,
                    local.display_title,
                    local.author.name,
                    local.blog.title,
                    reading.excerpt_of(local),
                )
                if local
                else reblogs.card_for(url)
            )
    except BroadsheetError as exc:
        context["error"] = exc.message
        return render(request, "dashboard/reblog.html", context, status=exc.status)
    return render(request, "dashboard/reblog.html", context)


@writer_required
@require_POST
def render_preview(request):
    return JsonResponse({"html": render_markdown(request.POST.get("source", ""))})


@writer_required
@require_POST
def upload_media(request):
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"message": "Choose a file to upload."}, status=400)
    try:
        media = media_service.upload(
            request.blog,
            request.user,
            upload.name,
            upload.read(),
            alt_text=request.POST.get("alt", ""),
            caption=request.POST.get("caption", ""),
        )
    except BroadsheetError as exc:
        return JsonResponse({"message": exc.message}, status=exc.status)
    return JsonResponse(
        {
            "id": media.pk,
            "url": media.url,
            "alt": media.alt_text,
            "caption": media.caption,
            "thumbnail": media.thumbnail_url,
        },
        status=201,
    )


@writer_required
@require_POST
def restore_revision(request, post_id: int, revision_id: int):
    post = _editable_post(request, post_id)
    _act(
        request,
        lambda: post_service.restore_revision(post, request.user, revision_id),
        "Revision restored.",
    )
    return redirect("editor-edit-post", blog_slug=request.blog.slug, post_id=post.pk)


@writer_required
@require_POST
def trash_post(request, post_id: int):
    post = _editable_post(request, post_id)
    _act(request, lambda: post_service.trash_post(post, request.user), "Post moved to the trash.")
    return redirect("editor-posts", blog_slug=request.blog.slug)


def _act(request, action, success: str) -> None:
    """Run a service call and tell the writer how it went on the next page."""
    try:
        action()
    except BroadsheetError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)


@writer_required
def comment_list(request):
    try:
        comments = comment_service.moderation_queue(request.blog, request.user)
    except BroadsheetError as exc:
        return HttpResponseForbidden(exc.message)
    status = request.GET.get("status", CommentStatus.HOLD)
    if status in CommentStatus.values:
        comments = comments.filter(status=status)
    on_post = whole_number(request.GET.get("post", ""))
    if on_post:
        comments = comments.filter(post_id=on_post)
    return render(
        request,
        "dashboard/comments.html",
        {
            "blog": request.blog,
            "comments": comments.select_related("post").order_by("-created_at")[:200],
            "status": status,
            "statuses": CommentStatus.choices,
            "on_post": on_post,
        },
    )


def _back_to_queue(request):
    queue = instance_path("editor-comments", blog_slug=request.blog.slug)
    return redirect(f"{queue}?{urlencode({'status': request.POST.get('from', 'hold')})}")


def _moderated_comment(request, comment_id: int):
    try:
        comments = comment_service.moderation_queue(request.blog, request.user)
    except BroadsheetError:
        raise Http404("No such comment") from None
    comment = comments.filter(pk=comment_id).select_related("post__blog").first()
    if comment is None:
        raise Http404("No such comment")
    return comment


@writer_required
@require_POST
def reply_to_comment(request, comment_id: int):
    comment = _moderated_comment(request, comment_id)
    _act(
        request,
        lambda: comment_service.reply_as_moderator(
            comment, request.user, request.POST.get("body", "")
        ),
        "Your reply is published.",
    )
    return _back_to_queue(request)


@writer_required
@require_POST
def edit_comment(request, comment_id: int):
    comment = _moderated_comment(request, comment_id)
    _act(
        request,
        lambda: comment_service.edit_comment(comment, request.user, request.POST.get("body", "")),
        "The comment is saved.",
    )
    return _back_to_queue(request)


@writer_required
@require_POST
def moderate_comments(request):
    """Bulk actions on the moderation screen: approve, hold, spam or trash the ticked ones."""
    ids = whole_numbers(request.POST.getlist("comment"))
    try:
        chosen = comment_service.moderation_queue(request.blog, request.user).filter(pk__in=ids)
    except BroadsheetError as exc:
        return HttpResponseForbidden(exc.message)
    status = request.POST.get("status", "")
    done = 0
    for comment in chosen:
        try:
            comment_service.moderate(comment, request.user, status)
            done += 1
        except BroadsheetError as exc:
            messages.error(request, exc.message)
            break
    if done:
        messages.success(request, f"{done} comment{'s' if done != 1 else ''} changed.")
    return _back_to_queue(request)


@writer_required
@require_POST
def moderate_comment(request, comment_id: int):
    comment = _moderated_comment(request, comment_id)
    try:
        comment_service.moderate(comment, request.user, request.POST.get("status", ""))
    except BroadsheetError as exc:
        messages.error(request, exc.message)
    return _back_to_queue(request)


@administrator_required
def blog_settings(request):
    """The blog's title, tagline, language, time zone and feeds; changed through
    blogs.update_blog, so every page shows them at once."""
    blog = request.blog
    form = BlogSettingsForm(request.POST or None, initial=BlogSettingsForm.initial_for(blog))
    if request.method == "POST" and form.is_valid():
        try:
            update_blog(blog, **form.cleaned_data)
        except BroadsheetError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Settings saved.")
            return redirect("editor-settings", blog_slug=blog.slug)
    return render(
        request,
        "dashboard/settings.html",
        {"blog": blog, "form": form},
    )
