"""Related posts at scale: how long the worker's recompute takes for a whole blog.

    .venv/bin/python bench/related.py [--posts 1000 10000]

Fills a fresh SQLite data folder with blogs of generated posts (a vocabulary of a few thousand
words drawn unevenly, as real text is; 12 categories, 300 tags), then times
`recompute_related` for each blog and prints seconds and posts per second.
"""

import argparse
import os
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path


def make_blog(slug: str, count: int, rng: random.Random):
    from django.utils import timezone

    from broadsheet.blogs.services.accounts import create_user
    from broadsheet.blogs.services.blogs import create_blog
    from broadsheet.publishing.models import Post, PostStatus
    from broadsheet.publishing.services import terms

    owner = create_user(f"{slug}-owner", f"{slug}@example.org")
    blog = create_blog(slug, title=slug.title(), owner=owner)
    vocabulary = [f"w{index}x" for index in range(4000)]
    # Zipf-like: a few words are everywhere, most are rare.
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    categories = [terms.save_category(blog, name=f"Section {i}") for i in range(12)]
    tags = [terms.save_tag(blog, name=f"topic {i}") for i in range(300)]
    now = timezone.now()
    posts = []
    for index in range(count):
        words = rng.choices(vocabulary, weights, k=150)
        text = " ".join(words)
        posts.append(
            Post(
                blog=blog,
                author=owner,
                title=" ".join(words[:5]),
                slug=f"post-{index}",
                source=text,
                content_html=f"<p>{text}</p>",
                summary=" ".join(words[:55]),
                status=PostStatus.PUBLISHED,
                published_at=now - timedelta(hours=index * 7),
            )
        )
    posts = Post.objects.bulk_create(posts, batch_size=500)
    Post.categories.through.objects.bulk_create(
        [
            Post.categories.through(post_id=post.pk, category_id=rng.choice(categories).pk)
            for post in posts
        ],
        batch_size=1000,
    )
    Post.tags.through.objects.bulk_create(
        [
            Post.tags.through(post_id=post.pk, tag_id=tag.pk)
            for post in posts
            for tag in rng.sample(tags, 3)
        ],
        batch_size=1000,
    )
    return blog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    os.environ["BROADSHEET_DATA_DIR"] = tempfile.mkdtemp(prefix="broadsheet-related-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from broadsheet.discovery.services.related import recompute_related

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    print(f"{'posts':>8}{'seconds':>10}{'posts/s':>10}")
    for count in args.posts:
        blog = make_blog(f"blog{count}", count, rng)
        started = time.perf_counter()
        recompute_related(blog)
        seconds = time.perf_counter() - started
        print(f"{count:>8}{seconds:>10.1f}{count / seconds:>10.0f}")
    print(f"(data folder: {Path(os.environ['BROADSHEET_DATA_DIR'])}; delete it when done)")


if __name__ == "__main__":
    main()
