"""`broadsheet demo`: fills a fresh instance with two blogs of the project's own writing."""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from broadsheet.blogs.models import Blog, User
from broadsheet.blogs.services.accounts import create_user
from broadsheet.blogs.services.blogs import create_blog, set_role
from broadsheet.demo import content, images
from broadsheet.engagement.models import CommentStatus
from broadsheet.engagement.services import comments, likes
from broadsheet.engagement.services.reblogs import reblog_post
from broadsheet.jobs.services import run_pending
from broadsheet.publishing.models import PostKind, PostStatus
from broadsheet.publishing.services import media, posts, terms
from broadsheet.publishing.services.posts import PostChanges


def load_demo() -> bool:
    """Create the demo blogs unless they exist; returns whether anything was created."""
    if Blog.objects.filter(slug=content.DISPATCH["slug"]).exists():
        return False
    with transaction.atomic():
        people = {
            username: create_user(
                username,
                email,
                password=content.DEMO_PASSWORD,
                display_name=name,
                check_password_strength=False,
            )
            for username, name, email, _ in content.PEOPLE
        }
        for username, _, _, bio in content.PEOPLE:
            User.objects.filter(username=username).update(bio=bio)
        people["ada"].is_superuser = people["ada"].is_staff = True
        people["ada"].save(update_fields=["is_superuser", "is_staff"])
        dispatch, dispatch_posts = _blog(content.DISPATCH, content.DISPATCH_POSTS, people)
        notes, _ = _blog(content.FIELD_NOTES, content.FIELD_NOTES_POSTS, people)
        _pages(dispatch, people["ada"], content.ABOUT_DISPATCH)
        _pages(notes, people["linus"], content.ABOUT_FIELD_NOTES)
        _extra_posts(dispatch, people)
        original = dispatch_posts["Energy Security Is the New Foreign Policy"]
        reblog_post(original, notes, people["linus"], content.REBLOG_COMMENTARY)
        all_posts = dispatch_posts | {p.title: p for p in notes.posts.all()}
        _comments(all_posts, people)
        for title, usernames in content.LIKES.items():
            for username in usernames:
                likes.like(all_posts[title], people[username])
    run_pending()
    return True


def _blog(spec: dict, post_specs: list, people: dict):
    owner = people[spec["owner"]]
    blog = create_blog(
        spec["slug"],
        title=spec["title"],
        owner=owner,
        tagline=spec["tagline"],
        timezone=spec["timezone"],
    )
    for username, role in spec["members"].items():
        set_role(blog, people[username], role)
    categories = {}
    for name, parent in spec["categories"]:
        categories[name] = terms.save_category(blog, name=name, parent=categories.get(parent))
    created = {}
    now = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0)
    for index, (author, days_ago, title, category_names, tag_names, picture, body) in enumerate(
        post_specs
    ):
        writer = people[author]
        source = body
        featured_id = 0
        if picture:
            kind, alt, caption = picture
            data = images.landscape(index) if kind == "landscape" else images.chart(index)
            upload = media.upload(
                blog,
                owner,
                f"{kind}-{index}.{'jpg' if kind == 'landscape' else 'png'}",
                data,
                alt_text=alt,
                caption=caption,
            )
            first, _, rest = body.partition("\n\n")
            source = f'{first}\n\n![{alt}]({upload.url} "{caption}")\n\n{rest}'
            if index % 2 == 0:
                # Every other post also gets a featured image of its own (shown above the text
                # and in link previews).
                cover = media.upload(
                    blog,
                    owner,
                    f"cover-{index}.jpg",
                    images.landscape(index + 7),
                    alt_text="Hills under an open sky",
                    caption="",
                )
                featured_id = cover.pk
        post = posts.create_post(
            blog,
            owner,
            PostChanges(
                title=title,
                source=source,
                source_format="markdown",
                status=PostStatus.PUBLISHED,
                published_at=now - timedelta(days=days_ago, hours=index),
                category_ids=[categories[name].pk for name in category_names],
                tag_ids=[t.pk for t in terms.tags_by_name(blog, tag_names)],
                featured_image_id=featured_id,
            ),
            author=writer,
        )
        created[title] = post
    return blog, created


def _pages(blog: Blog, owner: User, text: str) -> None:
    posts.create_post(
        blog,
        owner,
        PostChanges(
            title="About",
            source=text,
            status=PostStatus.PUBLISHED,
            comments_open=False,
            published_at=timezone.now() - timedelta(days=90),
        ),
        kind=PostKind.PAGE,
    )


def _extra_posts(blog: Blog, people: dict) -> None:
    """A contributor's post waiting for review, a draft, and a scheduled post."""
    posts.create_post(
        blog,
        people["sam"],
        PostChanges(
            title="Ports, Power and Patience",
            source="A first draft about harbour politics.",
            status=PostStatus.PENDING,
        ),
    )
    posts.create_post(
        blog,
        people["ada"],
        PostChanges(
            title="Notes for the Autumn Budget",
            source="Outline: fund, timing, vetoes.",
            status=PostStatus.DRAFT,
        ),
    )
    posts.create_post(
        blog,
        people["grace"],
        PostChanges(
            title="Next Week: The Grain Corridor",
            source="A preview of the talks on grain exports.",
            status=PostStatus.PUBLISHED,
            published_at=timezone.now() + content.SCHEDULED_IN,
        ),
    )


def _comments(all_posts: dict, people: dict) -> None:
    made = []
    for title, username, name, email, text, reply_to in content.COMMENTS:
        post = all_posts[title]
        author = people[username] if username else AnonymousUser()
        comment = comments.submit_comment(
            post,
            author,
            comments.CommentInput(
                body=text,
                name=name,
                email=email,
                parent_id=made[reply_to].pk if reply_to is not None else None,
            ),
        )
        if comment.status != CommentStatus.APPROVED:
            comments.moderate(comment, people["ada"], CommentStatus.APPROVED)
        made.append(comment)
    title, name, email, text = content.HELD_COMMENT
    comments.submit_comment(
        all_posts[title], AnonymousUser(), comments.CommentInput(body=text, name=name, email=email)
    )
