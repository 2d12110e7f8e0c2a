from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from broadsheet.addresses import instance_path, page_path

SLUG_VALIDATOR = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$",
    "A blog slug is 1-50 lower-case letters, digits and inner hyphens.",
)


class Blog(models.Model):
    """One blog of the instance, served at /@<slug>/ and optionally at a host of its own."""

    slug = models.CharField(max_length=50, unique=True, validators=[SLUG_VALIDATOR])
    title = models.CharField(max_length=200)
    tagline = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=20, default="en")
    timezone = models.CharField(max_length=64, default="UTC")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    host = models.CharField(
        max_length=253,
        unique=True,
        null=True,
        blank=True,
        help_text="A host name mapped to this blog (it then serves its paths at that host's root).",
    )
    # WordPress's "For each post in a feed, include: full text / excerpt".
    feed_full_text = models.BooleanField(
        default=True, help_text="Feeds carry each post's full text (else its excerpt only)."
    )
    # WordPress's Reading setting "Discourage search engines from indexing this site": pages say
    # noindex, robots.txt disallows the blog, and it has no sitemap.
    discourage_search = models.BooleanField(
        default=False, help_text="Ask search engines not to index this blog."
    )
    # Followers on the fediverse wait for the owner's approval (Mastodon's locked account).
    approves_followers = models.BooleanField(default=False)
    # On the fediverse, each author is an account of their own: a post comes from its author and
    # the blog boosts it (the blog's followers see "The Dispatch boosted Tomas").
    announces_authors = models.BooleanField(default=False)
    # The blog's picture and banner (WordPress's site icon and header image): its tab's icon,
    # and its profile on the fediverse. Images of its own media library.
    icon = models.ForeignKey(
        "publishing.Media", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    header_image = models.ForeignKey(
        "publishing.Media", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        """The blog's root on the instance's main host: /@<slug>/."""
        return instance_path("home", blog_slug=self.slug)

    @property
    def base_url(self) -> str:
        """Absolute root URL: the mapped host when there is one, else /@slug/ on the main host."""
        if self.host:
            scheme = settings.BASE_URL.split("://", 1)[0]
            return f"{scheme}://{self.host}/"
        return f"{settings.BASE_URL}{self.path}"

    def absolute(self, relative_path: str) -> str:
        """The absolute URL of a page path below the blog's root (see broadsheet.addresses)."""
        return self.base_url + relative_path

    def url(self, name: str, **arguments) -> str:
        """The absolute URL of one of the blog's pages, by its name in urls_blog.py."""
        return self.absolute(page_path(name, **arguments))
