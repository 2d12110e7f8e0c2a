"""Sitemaps on Django's sitemaps framework: each blog's posts (with their last change), pages,
categories, tags and authors; a section above 50,000 addresses is split into pages, as the
protocol asks. Every location is the blog's own address (its mapped host, or /@slug/ on the
base URL), whatever address the request came to: a sitemap names no host a request chose."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from broadsheet.blogs.models import Blog, User
from broadsheet.publishing.models import Category, Post, Tag
from broadsheet.publishing.models.post import PUBLIC_STATUS


class BlogSitemap(Sitemap):
    limit = 50_000

    def __init__(self, blog: Blog):
        self.blog = blog
        root = urlsplit(blog.base_url)
        self.protocol, self.domain, self.root = root.scheme, root.netloc, root.path

    def get_domain(self, site=None) -> str:
        return self.domain

    def location(self, item) -> str:
        return self.root + item.url_path


class PostsSitemap(BlogSitemap):
    kind = "post"

    def items(self):
        posts = (
            Post.objects.filter(blog=self.blog, kind=self.kind)
            .visible()
            .only("pk", "kind", "slug", "page_path", "published_at", "modified_at", "blog_id")
            .order_by("-published_at", "-pk")
        )
        return _with_blog(posts, self.blog)

    def lastmod(self, post: Post):
        return post.modified_at


class PagesSitemap(PostsSitemap):
    kind = "page"


class TermsSitemap(BlogSitemap):
    """Category and tag archives that list at least one public post."""

    def items(self):
        public = {"posts__status": PUBLIC_STATUS}
        categories = Category.objects.filter(blog=self.blog, **public).distinct().order_by("path")
        tags = Tag.objects.filter(blog=self.blog, **public).distinct().order_by("slug")
        return [*_with_blog(categories, self.blog), *_with_blog(tags, self.blog)]


class AuthorsSitemap(BlogSitemap):
    def items(self):
        return list(
            User.objects.filter(
                posts__blog=self.blog, posts__status=PUBLIC_STATUS, posts__kind="post"
            )
            .annotate(last_post=Max("posts__modified_at"))
            .order_by("username")
        )

    def location(self, user: User) -> str:
        return self.root + user.archive_path

    def lastmod(self, user: User):
        return user.last_post


def _with_blog(queryset, blog: Blog) -> list:
    found = list(queryset)
    for item in found:
        item.blog = blog
    return found


SECTIONS = {
    "posts": PostsSitemap,
    "pages": PagesSitemap,
    "terms": TermsSitemap,
    "authors": AuthorsSitemap,
}


def sections_for(blog: Blog) -> dict[str, Sitemap]:
    return {name: kind(blog) for name, kind in SECTIONS.items()}
