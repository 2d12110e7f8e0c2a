"""Stored XSS: every payload of the corpus, written into every field a user can write, read back
from every page and every `rendered` field of the REST API: no live markup anywhere."""

import pytest
from django.test import Client

from broadsheet.blogs.services.accounts import create_user
from broadsheet.blogs.services.blogs import create_blog
from broadsheet.conftest import committed
from broadsheet.engagement.models import Comment, CommentStatus
from broadsheet.engagement.services import comments
from broadsheet.errors import InvalidInput
from broadsheet.publishing.models import PostKind
from broadsheet.publishing.services import posts, terms
from broadsheet.publishing.services.posts import PostChanges
from broadsheet.tests.xss_corpus import PAYLOADS, live_markup


def test_the_corpus_is_large_and_the_detector_sees_live_markup():
    assert len(PAYLOADS) >= 80
    assert live_markup('<img src=x onerror="alert(1)">')
    assert live_markup('<a href=" jav&#x09;ascript:alert(1)">x</a>')
    assert not live_markup('<a href="/x">&lt;script&gt;</a><script src="/static/a.js"></script>')


@pytest.fixture
def hostile_blog(db):
    owner = create_user("mallory", "m@example.org", display_name=PAYLOADS[2])
    blog = create_blog("xss", title=PAYLOADS[0], tagline=PAYLOADS[1], owner=owner)
    with committed():
        for index, payload in enumerate(PAYLOADS):
            writer = create_user(f"writer{index}", f"w{index}@example.org", display_name=payload)
            from broadsheet.blogs.services.blogs import set_role

            set_role(blog, writer, "author")
            category = terms.save_category(blog, name=payload, description=payload)
            tag = terms.save_tag(blog, name=f"{payload} {index}", description=payload)
            for source_format in ("html", "markdown"):
                post = posts.create_post(
                    blog,
                    writer,
                    PostChanges(
                        title=payload,
                        source=f"{payload}\n\n{payload}",
                        source_format=source_format,
                        excerpt=payload if source_format == "html" else None,
                        status="publish",
                        category_ids=[category.pk],
                        tag_ids=[tag.pk],
                    ),
                )
            _comment(post, payload, index)
        posts.create_post(
            blog,
            owner,
            PostChanges(title=PAYLOADS[3], source=PAYLOADS[3], status="publish"),
            kind=PostKind.PAGE,
        )
    return blog


def _comment(post, payload: str, index: int) -> None:
    data = comments.CommentInput(
        body=payload, name=payload, email=f"c{index}@example.org", url=payload
    )
    try:
        comment = comments.submit_comment(post, _anonymous(), data)
    except InvalidInput:  # not an http(s) address: refused, so send it without one
        data.url = "https://example.org/" + "".join(payload.split())
        comment = comments.submit_comment(post, _anonymous(), data)
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.APPROVED)


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _rendered_fields(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "rendered" and isinstance(item, str):
                yield path, item
            else:
                yield from _rendered_fields(item, f"{path}.{key}")
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _rendered_fields(item, f"{path}[{number}]")


def test_no_payload_comes_back_live_from_any_page(hostile_blog):
    client = Client()
    blog = hostile_blog
    pages = ["/", "/@xss/", "/@xss/?s=alert", "/@xss/author/writer3/", "/@xss/page/2/"]
    pages += [f"/@xss/{p.url_path}" for p in blog.posts.all()]
    pages += [f"/@xss/{c.url_path}" for c in blog.categories.all()]
    pages += [f"/@xss/{t.url_path}" for t in blog.tags.all()]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert live_markup(response.content.decode()) == [], path


def test_no_payload_comes_back_live_from_the_rest_api(hostile_blog):
    client = Client()
    checked = 0
    for route in ("posts", "pages", "comments", "categories", "tags", "users"):
        for page in (1, 2):
            response = client.get(f"/@xss/wp-json/wp/v2/{route}", {"per_page": 100, "page": page})
            if response.status_code == 400:  # past the last page
                continue
            assert response.status_code == 200, route
            for entry in response.json():
                for field, html in _rendered_fields(entry):
                    assert live_markup(html) == [], (route, entry["id"], field, html)
                    checked += 1
                for url_field in ("author_url", "link"):
                    if entry.get(url_field):
                        assert entry[url_field].startswith(("http://", "https://")), entry
    assert checked >= 3 * 2 * len(PAYLOADS)
