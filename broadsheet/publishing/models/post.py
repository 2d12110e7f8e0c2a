from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone

from broadsheet.addresses import calendar_arguments, page_path


class PostKind(models.TextChoices):
    POST = "post"
    PAGE = "page"


class PostStatus(models.TextChoices):
    DRAFT = "draft"
    PENDING = "pending"
    SCHEDULED = "future"
    PUBLISHED = "publish"
    PRIVATE = "private"
    TRASH = "trash"


class SourceFormat(models.TextChoices):
    MARKDOWN = "markdown"
    HTML = "html"
    # WordPress's markup (shortcodes, wpautop paragraphs), as imported from WXR.
    WORDPRESS = "wordpress"


# The one definition of "public": what anyone may read and what archives, search, feeds,
# related posts and the page cache list. A scheduled post becomes public when the worker
# publishes it (one `post_published` event), never by the clock alone.
PUBLIC_STATUS = PostStatus.PUBLISHED


class PostQuerySet(models.QuerySet):
    def visible(self):
        """Public posts and pages (see PUBLIC_STATUS)."""
        return self.filter(status=PUBLIC_STATUS)

    def posts(self):
        return self.filter(kind=PostKind.POST)

    def pages(self):
        return self.filter(kind=PostKind.PAGE)


class Post(models.Model):
    """A post or a static page. `source` is what the writer typed; `content_html` is its
    rendered, sanitized HTML, made on save so that reading never renders Markdown."""

    blog = models.ForeignKey("blogs.Blog", on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(max_length=10, choices=PostKind.choices, default=PostKind.POST)
    title = models.CharField(max_length=500, blank=True)
    slug = models.SlugField(max_length=200, allow_unicode=True)
    source = models.TextField(blank=True)
    source_format = models.CharField(
        max_length=10, choices=SourceFormat.choices, default=SourceFormat.MARKDOWN
    )
    content_html = models.TextField(blank=True, editable=False)
    # The text's first 55 words, made with content_html, for archives, related posts and meta
    # descriptions (so that reading never strips HTML).
    summary = models.TextField(blank=True, editable=False)
    excerpt = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=PostStatus.choices, default=PostStatus.DRAFT)
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    categories = models.ManyToManyField("publishing.Category", blank=True, related_name="posts")
    tags = models.ManyToManyField("publishing.Tag", blank=True, related_name="posts")
    featured_image = models.ForeignKey(
        "publishing.Media", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comments_open = models.BooleanField(default=True)
    # WordPress's post password; a protected post shows its title but not its text.
    password = models.CharField(max_length=255, blank=True)
    sticky = models.BooleanField(default=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    menu_order = models.IntegerField(default=0)
    # A reblog quotes another post: one of this blog's instance, or a page elsewhere on the web.
    reblog_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reblogs"
    )
    reblog_url = models.URLField(max_length=1000, blank=True)
    reblog_title = models.CharField(max_length=500, blank=True)
    reblog_author = models.CharField(max_length=200, blank=True)
    reblog_blog = models.CharField(max_length=200, blank=True)
    reblog_quote_html = models.TextField(blank=True)
    # Kept exact by the engagement services inside the transaction that adds or removes a row.
    like_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    reblog_count = models.PositiveIntegerField(default=0)
    # A page path for a page ("about/team"), and the date part of a post's permalink.
    page_path = models.CharField(max_length=1000, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["blog", "slug"], name="post_slug_per_blog")]
        indexes = [
            # Previous/next links and listing counts: one status at a time.
            models.Index(fields=["blog", "kind", "status", "-published_at", "-id"]),
            # Listings in date order, and the home page (sticky posts first): the database walks
            # the index and stops after a page, instead of sorting every visible post; with the
            # status last, a deep page's ids (reading.page_of) come from the index alone.
            models.Index(
                fields=["blog", "kind", "-published_at", "-id", "status"], name="post_date_listing"
            ),
            models.Index(
                fields=["blog", "kind", "-sticky", "-published_at", "-id", "status"],
                name="post_home_listing",
            ),
            # An author's archive; with the status, its count reads the index alone.
            models.Index(
                fields=["author", "blog", "kind", "-published_at", "-id", "status"],
                name="post_by_author",
            ),
            models.Index(fields=["blog", "page_path"]),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        """Its address on the instance's host (/@slug/…)."""
        return self.blog.path + self.url_path

    @property
    def display_title(self) -> str:
        """A post without a title shows its date, as WordPress themes do."""
        if self.title:
            return self.title
        return f"{self.local_published_at:%-d %B %Y}"

    @property
    def is_visible(self) -> bool:
        """Public (see PUBLIC_STATUS)."""
        return self.status == PUBLIC_STATUS

    @property
    def is_protected(self) -> bool:
        """WordPress's post password: the title is public, the text only with the password."""
        return bool(self.password)

    @property
    def local_published_at(self):
        """The publish time in the blog's time zone, which its permalinks and archives use.
        Kept with the moment and zone it was made from: a listing asks for it a dozen times a
        post (permalink, day link, byline), and converting costs more than the lookup."""
        zone = self.blog.timezone
        kept = getattr(self, "_local_published_at", None)
        if kept is None or kept[0] is not self.published_at or kept[1] != zone:
            kept = (self.published_at, zone, timezone.localtime(self.published_at, ZoneInfo(zone)))
            self._local_published_at = kept
        return kept[2]

    @property
    def local_date(self):
        return self.local_published_at.date()

    @property
    def url_path(self) -> str:
        """The path below the blog's root: day-and-name for posts, the page path for pages."""
        if self.kind == PostKind.PAGE:
            return page_path("page", page_path=self.page_path)
        return page_path("post", **self.permalink_arguments)

    @property
    def permalink_arguments(self) -> dict:
        """A post's day-and-name, as its routes take them (its page, its comments feed)."""
        day = self.local_date
        # calendar_arguments spelled out: this runs for every link to a post.
        return {
            "year": f"{day.year:04d}",
            "month": f"{day.month:02d}",
            "day": f"{day.day:02d}",
            "slug": self.slug,
        }

    @property
    def day_path(self) -> str:
        """The archive of the day the post was published (the byline's date links there)."""
        day = self.local_date
        return page_path("day", **calendar_arguments(day.year, day.month, day.day))

    @property
    def absolute_url(self) -> str:
        """Its full URL at the blog's own address (the mapped host, if it has one)."""
        return self.blog.absolute(self.url_path)

    @property
    def canonical_url(self) -> str:
        """A reblog that quotes the whole original points search engines at the original."""
        if self.reblog_url and not self.source.strip():
            return self.reblog_url
        return self.absolute_url
