from broadsheet.blogs.models import Blog
from broadsheet.discovery.services.related import recompute_related
from broadsheet.jobs.services import handler
from broadsheet.pagecache import services as pagecache
from broadsheet.publishing.models import Post


@handler("discovery.recompute_related")
def recompute_related_job(payload: dict) -> None:
    blog = Blog.objects.filter(pk=payload["blog_id"]).first()
    if blog is None:
        return
    changed = recompute_related(blog)
    paths = [post.url_path for post in Post.objects.filter(pk__in=changed).select_related("blog")]
    pagecache.invalidate_paths(blog.slug, paths)
