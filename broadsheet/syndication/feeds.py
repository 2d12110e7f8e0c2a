"""The feeds of a blog, on Django's syndication framework: the newest posts of any listing
(the blog, a category with its subcategories, a tag, an author, a search) and the newest
comments (the blog's, or one post's), each as RSS 2.0, Atom 1.0 or JSON Feed 1.1.

A listing's posts are the listing's own query (publishing.services.reading.archive_for), so a
feed shows exactly what its archive page shows, with the same rules of who may read what."""

from django.contrib.syndication.views import Feed
from django.utils import feedgenerator

from broadsheet.blogs.models import Blog
from broadsheet.engagement.models import Comment, CommentStatus
from broadsheet.publishing.models import Post
from broadsheet.publishing.models.post import PUBLIC_STATUS
from broadsheet.publishing.services.reading import Archive, excerpt_of
from broadsheet.publishing.services.rendering import absolute_links
from broadsheet.text import plain_text

FEED_ITEMS = 10  # as WordPress's "Syndication feeds show the most recent 10 items"


class PostsFeed(Feed):
    """The newest posts of one listing."""

    item_guid_is_permalink = False

    def __init__(self, feed_type, blog: Blog, listing: Archive, feed_path: str):
        super().__init__()
        self.feed_type, self.blog, self.listing, self.feed_path = (
            feed_type,
            blog,
            listing,
            feed_path,
        )

    def get_object(self, request, *args, **kwargs) -> Archive:
        return self.listing

    def title(self, listing: Archive) -> str:
        return self.blog.title if listing.kind == "home" else f"{self.blog.title} » {listing.title}"

    def link(self, listing: Archive) -> str:
        return self.blog.absolute(listing.path())

    def feed_url(self, listing: Archive) -> str:
        return self.blog.absolute(self.feed_path)

    def description(self, listing: Archive) -> str:
        return listing.description or self.blog.tagline

    def items(self, listing: Archive) -> list[Post]:
        posts = list(
            listing.queryset.defer(None).prefetch_related("categories", "tags")[:FEED_ITEMS]
        )
        for post in posts:
            post.blog = self.blog
        return posts

    def item_title(self, post: Post) -> str:
        return post.display_title

    def item_link(self, post: Post) -> str:
        return post.absolute_url

    def item_description(self, post: Post) -> str:
        return excerpt_of(post)

    def item_extra_kwargs(self, post: Post) -> dict:
        """The full text, unless the blog sends excerpts or the post is protected."""
        full = self.blog.feed_full_text and not post.is_protected
        return {"content": absolute_links(post.content_html) if full else ""}

    def item_author_name(self, post: Post) -> str:
        return post.author.name

    def item_author_link(self, post: Post) -> str:
        return self.blog.absolute(post.author.archive_path)

    def item_pubdate(self, post: Post):
        return post.published_at

    def item_updateddate(self, post: Post):
        return post.modified_at

    def item_guid(self, post: Post) -> str:
        return f"{self.blog.base_url}?p={post.pk}"  # WordPress's guid: the query stays valid

    def item_categories(self, post: Post) -> list[str]:
        return [c.name for c in post.categories.all()] + [t.name for t in post.tags.all()]

    def item_enclosures(self, post: Post) -> list:
        image = post.featured_image
        if image is None or not image.url:
            return []
        return [
            feedgenerator.Enclosure(
                image.absolute_url, str(image.size or 0), image.mime_type or "image/jpeg"
            )
        ]


class CommentsFeed(Feed):
    """The newest shown comments of a blog, or of one post."""

    def __init__(self, feed_type, blog: Blog, post: Post | None, feed_path: str):
        super().__init__()
        self.feed_type, self.blog, self.post, self.feed_path = feed_type, blog, post, feed_path
        self.language = blog.language

    def get_object(self, request, *args, **kwargs):
        return self.post

    def title(self, post: Post | None) -> str:
        if post is None:
            return f"Comments for {self.blog.title}"
        return f"Comments on: {post.display_title}"

    def link(self, post: Post | None) -> str:
        return post.absolute_url if post else self.blog.base_url

    def feed_url(self, post: Post | None) -> str:
        return self.blog.absolute(self.feed_path)

    def description(self, post: Post | None) -> str:
        return self.blog.tagline

    def items(self, post: Post | None) -> list[Comment]:
        comments = Comment.objects.filter(status=CommentStatus.APPROVED)
        if post is not None:
            comments = comments.filter(post=post)
        else:
            # As the post pages show them: comments of public posts that need no password.
            comments = comments.filter(
                post__blog=self.blog, post__status=PUBLIC_STATUS, post__password=""
            )
        found = list(comments.select_related("post").order_by("-created_at", "-pk")[:FEED_ITEMS])
        for comment in found:
            comment.post.blog = self.blog
        return found

    def item_title(self, comment: Comment) -> str:
        return f"{comment.author_name} on {comment.post.display_title}"

    def item_link(self, comment: Comment) -> str:
        return f"{comment.post.absolute_url}#comment-{comment.pk}"

    def item_description(self, comment: Comment) -> str:
        return plain_text(comment.body_html)

    def item_extra_kwargs(self, comment: Comment) -> dict:
        return {"content": absolute_links(comment.body_html)}

    def item_author_name(self, comment: Comment) -> str:
        return comment.author_name

    def item_pubdate(self, comment: Comment):
        return comment.created_at

    def item_updateddate(self, comment: Comment):
        return comment.created_at  # Atom requires <updated>; a comment is not edited
