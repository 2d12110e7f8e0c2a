from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from broadsheet.blogs.models import Blog
from broadsheet.publishing.models import Post


@require_safe
def instance_home(request):
    newest = Post.objects.filter(blog=OuterRef("pk")).posts().visible().order_by("-published_at")
    blogs = list(Blog.objects.annotate(latest_id=Subquery(newest.values("pk")[:1])))
    latest = {
        post.blog_id: post
        for post in Post.objects.filter(
            pk__in=[b.latest_id for b in blogs if b.latest_id]
        ).select_related("blog")
    }
    return render(
        request,
        "blogs/instance_home.html",
        {
            "blogs": [(blog, latest.get(blog.pk)) for blog in blogs],
        },
    )


@require_safe
def main_host_address(request, slug: str, rest: str):
    """On a mapped host, the blog's address as the main host writes it (/@slug/…, which links
    stored by the importer use) redirects to the same page at the host's root."""
    if slug != request.blog.slug:
        raise Http404("No such page")
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect("/" + rest + (f"?{query}" if query else ""))
