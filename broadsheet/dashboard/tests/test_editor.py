"""The writers' editor through Django's test client (the browser tests drive it for real)."""

import pytest
from django.test import Client

from broadsheet.engagement.models import Comment, CommentStatus
from broadsheet.engagement.services.comments import CommentInput, submit_comment
from broadsheet.publishing.models import Post, PostStatus


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_editor_needs_a_writer(team, client):
    assert client.get("/@dispatch/edit/").status_code == 302
    assert signed_in(team.subscriber).get("/@dispatch/edit/").status_code == 403
    assert signed_in(team.outsider).get("/@dispatch/edit/posts/new/").status_code == 403


def test_write_and_publish_with_categories_and_tags(team):
    world = team.category("World")
    client = signed_in(team.author)
    assert "Add title" in client.get("/@dispatch/edit/posts/new/").content.decode()
    response = client.post(
        "/@dispatch/edit/posts/new/",
        {
            "title": "Fresh analysis",
            "source": "Words *here*.",
            "categories": [world.pk],
            "tags": "summit, Trade ,",
            "comments_open": "on",
            "action": "publish",
        },
    )
    post = Post.objects.get(title="Fresh analysis")
    assert (
        response.status_code == 302 and response["Location"] == f"/@dispatch/edit/posts/{post.pk}/"
    )
    assert post.status == PostStatus.PUBLISHED and post.author == team.author
    assert [c.name for c in post.categories.all()] == ["World"]
    assert sorted(t.name for t in post.tags.all()) == ["Trade", "summit"]
    page = client.get(response["Location"]).content.decode()
    assert "Post published." in page and "View post" in page


def test_a_future_date_schedules(team):
    client = signed_in(team.author)
    client.post(
        "/@dispatch/edit/posts/new/",
        {"title": "Later", "source": "x", "published_at": "2099-05-01T09:00", "action": "publish"},
    )
    post = Post.objects.get(title="Later")
    assert post.status == PostStatus.SCHEDULED
    assert post.local_published_at.strftime("%Y-%m-%d %H:%M") == "2099-05-01 09:00"


def test_contributor_submits_for_review(team):
    client = signed_in(team.contributor)
    page = client.get("/@dispatch/edit/posts/new/").content.decode()
    assert "Submit for review" in page and 'value="publish"' not in page
    client.post("/@dispatch/edit/posts/new/", {"title": "Mine", "source": "x", "action": "review"})
    assert Post.objects.get(title="Mine").status == PostStatus.PENDING
    # Even a forged "publish" only submits it for review.
    client.post(
        "/@dispatch/edit/posts/new/", {"title": "Forged", "source": "x", "action": "publish"}
    )
    assert Post.objects.get(title="Forged").status == PostStatus.PENDING


def test_live_preview_renders_sanitized_markdown(team):
    client = signed_in(team.author)
    html = client.post(
        "/@dispatch/edit/preview/",
        {"source": '# Title\n\n![Alt](/m.png "Cap")\n\n<script>x()</script>'},
    ).json()["html"]
    assert (
        "<h1>Title</h1>" in html
        and "<figcaption>Cap</figcaption>" in html
        and "<script" not in html
    )


def test_upload_returns_the_image_or_a_clear_refusal(team, png_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(team.author)
    good = client.post(
        "/@dispatch/edit/media/",
        {
            "file": SimpleUploadedFile("pic.png", png_bytes(), "image/png"),
            "alt": "A pic",
            "caption": "Cap",
        },
    )
    assert good.status_code == 201 and good.json()["url"].startswith("/media/uploads/")
    bad = client.post(
        "/@dispatch/edit/media/", {"file": SimpleUploadedFile("x.png", b"nope", "image/png")}
    )
    assert bad.status_code == 400 and "not an image" in bad.json()["message"]
    assert (
        signed_in(team.contributor)
        .post(
            "/@dispatch/edit/media/",
            {"file": SimpleUploadedFile("pic.png", png_bytes(), "image/png")},
        )
        .status_code
        == 403
    )


def test_restore_a_revision_from_the_editor(team):
    post = team.post("First")
    client = signed_in(team.author)
    client.post(
        f"/@dispatch/edit/posts/{post.pk}/", {"title": "Second", "source": "y", "action": "update"}
    )
    first = post.revisions.order_by("created_at", "pk").first()
    client.post(f"/@dispatch/edit/posts/{post.pk}/revisions/{first.pk}/restore/")
    post.refresh_from_db()
    assert post.title == "First"


def test_preview_shows_a_draft_to_its_writer_only(team):
    draft = team.post("Secret", status="draft")
    assert (
        "Secret"
        in signed_in(team.author).get(f"/@dispatch/edit/posts/{draft.pk}/preview/").content.decode()
    )
    assert (
        signed_in(team.contributor).get(f"/@dispatch/edit/posts/{draft.pk}/preview/").status_code
        == 404
    )


@pytest.mark.parametrize(
    "action, status",
    [
        ("approved", CommentStatus.APPROVED),
        ("spam", CommentStatus.SPAM),
        ("trash", CommentStatus.TRASH),
    ],
)
def test_moderation_from_the_dashboard(team, action, status):
    from django.contrib.auth.models import AnonymousUser

    post = team.post("Talk")
    comment = submit_comment(
        post, AnonymousUser(), CommentInput(body="Hi", name="Pat", email="p@example.net")
    )
    client = signed_in(team.editor)
    assert "Hi" in client.get("/@dispatch/edit/comments/").content.decode()
    client.post(f"/@dispatch/edit/comments/{comment.pk}/moderate/", {"status": action})
    assert Comment.objects.get(pk=comment.pk).status == status


def test_every_blog_screen_shows_the_one_navigation_the_role_may_use(team):
    from django.test import Client

    admin, author = Client(), Client()
    admin.force_login(team.admin)
    author.force_login(team.author)
    for path in ("/@dispatch/edit/", "/@dispatch/edit/comments/", "/@dispatch/edit/settings/"):
        page = admin.get(path).content.decode()
        for screen in ("/edit/comments/", "/edit/settings/", "/edit/members/", "/edit/fediverse/"):
            assert screen in page, (path, screen)
    own = author.get("/@dispatch/edit/").content.decode()
    assert "/edit/settings/" not in own and "/edit/members/" not in own


def test_a_writer_sees_edit_on_their_post_and_nobody_else_does(team):
    from django.test import Client

    post = team.post("Mine to edit", author=team.author)
    path = f"/@dispatch/{post.url_path}"
    author = Client()
    author.force_login(team.author)
    page = author.get(path).content.decode()
    assert f'href="/@dispatch/edit/posts/{post.pk}/"' in page and 'class="writer-bar"' in page
    contributor = Client()
    contributor.force_login(team.contributor)  # a published post is no longer theirs to edit
    assert "edit-link" not in contributor.get(path).content.decode()
    reader = Client()
    reader.force_login(team.outsider)
    assert "writer-bar" not in reader.get(path).content.decode()
    assert "writer-bar" not in Client().get(path).content.decode()


def test_moderators_reply_edit_and_act_in_bulk(team):
    from django.contrib.auth.models import AnonymousUser
    from django.test import Client

    from broadsheet.engagement.models import Comment
    from broadsheet.engagement.services import comments
    from broadsheet.engagement.services.comments import CommentInput

    post = team.post("Thread")
    guest = CommentInput(body="First!", name="Pat", email="pat@example.net")
    held = comments.submit_comment(post, AnonymousUser(), guest)
    others = [
        comments.submit_comment(
            post,
            AnonymousUser(),
            CommentInput(body=f"Spam {n}", name="X", email=f"x{n}@example.net"),
        )
        for n in range(2)
    ]
    editor = Client()
    editor.force_login(team.editor)
    page = editor.get(f"/@dispatch/edit/comments/?post={post.pk}").content.decode()
    assert "Pat" in page and "Reply (approves it)" in page
    editor.post(f"/@dispatch/edit/comments/{held.pk}/reply/", {"body": "Welcome, Pat."})
    held.refresh_from_db()
    assert held.status == "approved"
    reply = Comment.objects.get(parent=held)
    assert reply.user == team.editor and reply.status == "approved"
    editor.post(f"/@dispatch/edit/comments/{held.pk}/edit/", {"body": "First! (edited)"})
    held.refresh_from_db()
    assert held.body == "First! (edited)" and "(edited)" in held.body_html
    assert (
        b"Please type"
        in editor.post(
            f"/@dispatch/edit/comments/{held.pk}/edit/", {"body": " "}, follow=True
        ).content
    )
    editor.post(
        "/@dispatch/edit/comments/bulk/",
        {"comment": [str(c.pk) for c in others], "status": "spam"},
    )
    assert {c.status for c in Comment.objects.filter(pk__in=[c.pk for c in others])} == {"spam"}
    contributor = Client()
    contributor.force_login(team.contributor)
    response = contributor.post(f"/@dispatch/edit/comments/{held.pk}/edit/", {"body": "Mine"})
    assert response.status_code in (403, 404)
    held.refresh_from_db()
    assert held.body == "First! (edited)"


def test_categories_and_tags_renamed_nested_merged_deleted_and_old_addresses_lead_on(team):
    from django.test import Client

    from broadsheet.publishing.models import Category, Tag

    world = team.category("World")
    europe = team.category("Europe", parent=world)
    post = team.post("Filed", categories=[europe], tags=["ports", "harbours"])
    editor = Client()
    editor.force_login(team.editor)
    page = editor.get("/@dispatch/edit/terms/").content.decode()
    assert "world/europe" in page
    change = "/@dispatch/edit/terms/change/"
    editor.post(change, {"kind": "category", "action": "save", "id": europe.pk,
                         "name": "Europe", "slug": "eu", "parent": world.pk})  # fmt: skip
    assert Client().get("/@dispatch/category/world/europe/")["Location"] == (
        "/@dispatch/category/world/eu/"
    )
    editor.post(change, {"kind": "category", "action": "add", "name": "Asia", "parent": world.pk})
    assert Category.objects.get(slug="asia").path == "world/asia"
    ports, harbours = Tag.objects.get(slug="ports"), Tag.objects.get(slug="harbours")
    editor.post(change, {"kind": "tag", "action": "merge", "id": ports.pk, "into": harbours.pk})
    assert list(post.tags.values_list("slug", flat=True)) == ["harbours"]
    assert Client().get("/@dispatch/tag/ports/")["Location"] == "/@dispatch/tag/harbours/"
    editor.post(change, {"kind": "category", "action": "delete", "id": europe.pk})
    assert list(post.categories.values_list("slug", flat=True)) == ["world"]
    # Both old addresses of Europe now lead to its parent.
    assert Client().get("/@dispatch/category/world/europe/")["Location"] == (
        "/@dispatch/category/world/"
    )
    assert Client().get("/@dispatch/category/world/eu/")["Location"] == "/@dispatch/category/world/"
    author = Client()
    author.force_login(team.author)
    assert author.get("/@dispatch/edit/terms/").status_code == 403
    assert author.post(change, {"kind": "tag", "action": "add", "name": "x"}).status_code == 403


def test_pages_with_a_parent_and_private_posts_from_the_editor(team):
    from django.test import Client

    from broadsheet.publishing.models import Post

    editor = Client()
    editor.force_login(team.editor)
    form = {"title": "About", "source": "Who we are.", "action": "publish", "comments_open": "on"}
    editor.post("/@dispatch/edit/pages/new/", form)
    about = Post.objects.get(title="About")
    assert about.kind == "page" and about.status == "publish"
    editor.post(
        "/@dispatch/edit/pages/new/",
        {**form, "title": "Team", "parent": about.pk, "menu_order": "2"},
    )
    team_page = Post.objects.get(title="Team")
    assert team_page.parent == about and team_page.menu_order == 2
    assert Client().get("/@dispatch/about/team/").status_code == 200
    pages = editor.get("/@dispatch/edit/pages/").content.decode()
    assert "Team" in pages and "(under About)" in pages
    assert "About" not in editor.get("/@dispatch/edit/posts/").content.decode()  # posts only

    editor.post("/@dispatch/edit/posts/new/", {**form, "title": "Staff only", "private": "on"})
    secret = Post.objects.get(title="Staff only")
    assert secret.status == "private" and secret.kind == "post"
    assert Client().get(f"/@dispatch/{secret.url_path}").status_code == 404
    assert editor.get(f"/@dispatch/{secret.url_path}").status_code == 200

    author = Client()
    author.force_login(team.author)
    assert author.get("/@dispatch/edit/pages/new/").status_code == 403


def test_the_post_list_filters_and_acts_in_bulk(team):
    from django.test import Client

    from broadsheet.publishing.models import Post

    world = team.category("World")
    first = team.post("Harbour at dawn", author=team.author)
    second = team.post("Summit notes", author=team.editor, categories=[world])
    draft = team.post("Unfinished", status="draft")
    editor = Client()
    editor.force_login(team.editor)
    found = editor.get("/@dispatch/edit/posts/", {"s": "harbour"}).content.decode()
    assert "Harbour at dawn" in found and "Summit notes" not in found
    by_author = editor.get("/@dispatch/edit/posts/", {"author": team.editor.pk}).content.decode()
    assert "Summit notes" in by_author and "Harbour at dawn" not in by_author
    in_world = editor.get("/@dispatch/edit/posts/", {"category": world.pk}).content.decode()
    assert "Summit notes" in in_world and "Harbour at dawn" not in in_world
    month = first.published_at.strftime("%Y-%m")
    assert (
        "Harbour at dawn" in editor.get("/@dispatch/edit/posts/", {"month": month}).content.decode()
    )
    assert editor.get("/@dispatch/edit/posts/", {"month": "x", "author": "²"}).status_code == 200

    bulk = "/@dispatch/edit/posts/bulk/"
    editor.post(bulk, {"post": [first.pk, draft.pk], "action": "categorise", "category": world.pk})
    assert set(Post.objects.filter(categories=world).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
        draft.pk,
    }
    editor.post(bulk, {"post": [draft.pk], "action": "publish"})
    draft.refresh_from_db()
    assert draft.status == "publish"
    editor.post(bulk, {"post": [first.pk, second.pk], "action": "trash"})
    trashed = editor.get("/@dispatch/edit/posts/", {"status": "trash"}).content.decode()
    assert "Harbour at dawn" in trashed and "Summit notes" in trashed
    editor.post(bulk, {"post": [first.pk], "action": "restore"})
    editor.post(bulk, {"post": [first.pk, second.pk], "action": "delete"})  # only from the trash
    assert Post.objects.filter(pk=first.pk, status="draft").exists()
    assert not Post.objects.filter(pk=second.pk).exists()
    contributor = Client()
    contributor.force_login(team.contributor)
    contributor.post(bulk, {"post": [draft.pk], "action": "trash"})  # not theirs
    draft.refresh_from_db()
    assert draft.status == "publish"


def test_the_blog_dashboard_shows_what_waits_and_what_happened(team):
    from django.contrib.auth.models import AnonymousUser
    from django.test import Client

    from broadsheet.engagement.services import comments
    from broadsheet.engagement.services.comments import CommentInput

    team.post("Out already", author=team.author)
    team.post("Half written", author=team.author, status="draft")
    team.post("Someone else's draft", author=team.editor, status="draft")
    editors_post = team.post("The editor's", author=team.editor)
    comments.submit_comment(
        editors_post, AnonymousUser(), CommentInput(body="Hello?", name="Pat", email="p@ex.net")
    )
    author = Client()
    author.force_login(team.author)
    page = author.get("/@dispatch/edit/").content.decode()
    assert "Half written" in page and "Someone else&#x27;s draft" not in page
    assert "Out already" in page and "2 posts" in page
    assert "Hello?" not in page  # an author moderates comments on their own posts only
    editor = Client()
    editor.force_login(team.editor)
    assert "Hello?" in editor.get("/@dispatch/edit/").content.decode()
