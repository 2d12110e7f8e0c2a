from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from broadsheet.publishing.models import Category, Post, PostKind, PostStatus
from broadsheet.publishing.services.posts import PostChanges


class PostForm(forms.Form):
    title = forms.CharField(max_length=500, required=False)
    source = forms.CharField(widget=forms.Textarea(attrs={"rows": 22}), required=False)
    excerpt = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    slug = forms.SlugField(max_length=200, required=False, allow_unicode=True)
    published_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.CharField(required=False, help_text="Separate tags with commas.")
    featured_image = forms.IntegerField(required=False, widget=forms.HiddenInput)
    comments_open = forms.BooleanField(required=False, initial=True)
    sticky = forms.BooleanField(required=False)
    password = forms.CharField(max_length=255, required=False)
    # WordPress's Visibility: public, private (only the blog's editors and the author see it)
    # or protected by the password above.
    private = forms.BooleanField(required=False)
    # Pages only: where the page sits (its parent) and its place among its siblings.
    parent = forms.ModelChoiceField(queryset=Post.objects.none(), required=False)
    menu_order = forms.IntegerField(required=False, min_value=-10000, max_value=10000)

    def __init__(self, *args, blog, kind=PostKind.POST, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.blog, self.kind = blog, kind
        pages = Post.objects.filter(blog=blog, kind=PostKind.PAGE).exclude(status=PostStatus.TRASH)
        if post is not None:
            pages = pages.exclude(pk=post.pk)
        self.fields["parent"].queryset = pages.order_by("title")
        self.fields["categories"].queryset = Category.objects.filter(blog=blog).order_by("path")
        self.fields["categories"].label_from_instance = lambda category: (
            "— " * category.path.count("/") + category.name
        )

    @classmethod
    def initial_for(cls, post: Post) -> dict:
        local = timezone.localtime(post.published_at, ZoneInfo(post.blog.timezone))
        return {
            "title": post.title,
            "source": post.source,
            "excerpt": post.excerpt,
            "slug": post.slug,
            # A draft has no date yet: publishing it means now, unless the writer picks a time.
            "published_at": ""
            if post.status in ("draft", "pending")
            else local.strftime("%Y-%m-%dT%H:%M"),
            "categories": list(post.categories.all()),
            "tags": ", ".join(t.name for t in post.tags.all()),
            "featured_image": post.featured_image_id,
            "comments_open": post.comments_open,
            "sticky": post.sticky,
            "password": post.password,
            "private": post.status == PostStatus.PRIVATE,
            "parent": post.parent_id,
            "menu_order": post.menu_order,
        }

    def changes(self, status: str, tag_ids: list[int]) -> PostChanges:
        data = self.cleaned_data
        # The blog's time zone is active in the editor, so the date arrives in the writer's time.
        published_at = data.get("published_at")
        return PostChanges(
            title=data["title"],
            source=data["source"],
            excerpt=data["excerpt"],
            slug=data["slug"] or None,
            status=status,
            published_at=published_at,
            category_ids=[c.pk for c in data["categories"]],
            tag_ids=tag_ids,
            featured_image_id=data.get("featured_image") or 0,
            comments_open=data["comments_open"],
            sticky=data["sticky"],
            password=data["password"],
            parent_id=(data["parent"].pk if data.get("parent") else 0)
            if self.kind == PostKind.PAGE
            else None,
            menu_order=data.get("menu_order") or 0 if self.kind == PostKind.PAGE else None,
        )


class BlogSettingsForm(forms.Form):
    """WordPress's Settings → General and Reading, for a blog's administrators."""

    title = forms.CharField(max_length=200)
    tagline = forms.CharField(
        max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    language = forms.CharField(
        max_length=20,
        help_text="A language tag, like en, fr or pt-BR: pages say it to browsers.",
        validators=[
            RegexValidator(
                r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "Give a language tag, like en or pt-BR."
            )
        ],
    )
    timezone = forms.ChoiceField(choices=[], help_text="Dates and archives follow it.")
    feed_full_text = forms.BooleanField(
        required=False, label="Feeds carry each post's full text (else its excerpt)"
    )
    discourage_search = forms.BooleanField(
        required=False,
        label="Ask search engines not to index this blog",
        help_text="Pages say noindex, robots.txt turns crawlers away, and the blog has no "
        "sitemap. It is up to search engines to honour it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zones = sorted(available_timezones())
        self.fields["timezone"].choices = [(zone, zone.replace("_", " ")) for zone in zones]

    @classmethod
    def initial_for(cls, blog) -> dict:
        return {name: getattr(blog, name) for name in cls.base_fields}
