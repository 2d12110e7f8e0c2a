"""Shared fixtures: a blog with a writer in every role, posts, and HTTP clients."""

import base64
import os
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client, TestCase
from django.utils import timezone

from broadsheet.blogs.services.accounts import create_user
from broadsheet.blogs.services.app_passwords import create_app_password
from broadsheet.blogs.services.blogs import create_blog, set_role
from broadsheet.publishing.models import PostStatus
from broadsheet.publishing.services import posts, terms
from broadsheet.publishing.services.posts import PostChanges


@pytest.fixture(autouse=True)
def _fresh_caches():
    for alias in ("default", "pages"):
        caches[alias].clear()
    from broadsheet.blogs.middleware import forget_mapped_hosts

    forget_mapped_hosts()
    yield


def committed():
    """Runs the domain events of what is written inside it when it ends, as a commit does in
    production (a test's transaction never commits)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


class Team:
    """A blog and one account per role."""

    def __init__(self):
        self.admin = create_user(
            "ada", "ada@example.org", password="pw-ada-12345", display_name="Ada Okafor"
        )
        self.blog = create_blog(
            "dispatch",
            title="The Dispatch",
            owner=self.admin,
            tagline="Commentary",
            timezone="Europe/London",
        )
        self.editor = self._member("grace", "editor")
        self.author = self._member("tomas", "author")
        self.contributor = self._member("sam", "contributor")
        self.subscriber = self._member("mira", "subscriber")
        self.outsider = create_user("omar", "omar@example.org", password="pw-omar-12345")

    def _member(self, name: str, role: str):
        user = create_user(name, f"{name}@example.org", password=f"pw-{name}-12345")
        set_role(self.blog, user, role)
        return user

    def post(
        self,
        title="A post",
        *,
        author=None,
        source="Some *words* here.",
        days_ago=1,
        status=PostStatus.PUBLISHED,
        categories=(),
        tags=(),
        **extra,
    ):
        author = author or self.author
        with committed():
            return posts.create_post(
                self.blog,
                author,
                PostChanges(
                    title=title,
                    source=source,
                    status=status,
                    published_at=timezone.now() - timedelta(days=days_ago),
                    category_ids=[c.pk for c in categories],
                    tag_ids=[t.pk for t in terms.tags_by_name(self.blog, list(tags))]
                    if tags
                    else [],
                    **extra,
                ),
            )

    def category(self, name, parent=None):
        with committed():
            return terms.save_category(self.blog, name=name, parent=parent)


@pytest.fixture
def team(db):
    return Team()


def basic_auth(user) -> dict:
    _, secret = create_app_password(user, "tests")
    token = base64.b64encode(f"{user.username}:{secret}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.fixture
def api():
    """A client for the REST API: `api(user)` authenticates with an application password."""

    def make(user=None):
        return Client(**(basic_auth(user) if user else {}))

    return make


@pytest.fixture
def png_bytes():
    """`png_bytes(width, height)`: a real PNG image."""
    import io

    from PIL import Image

    def make(width=64, height=48, colour=(200, 80, 40)):
        output = io.BytesIO()
        Image.new("RGB", (width, height), colour).save(output, "PNG")
        return output.getvalue()

    return make


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd); Django sends to it over SMTP."""
    from broadsheet.tests.loopback import mail_server

    class Inbox:
        def __init__(self):
            self.messages = []
            self.refuse = set()  # addresses answered with a permanent 550

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address in self.refuse:
                return "550 5.1.1 No such mailbox"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            from email import message_from_bytes, policy

            message = message_from_bytes(envelope.content, policy=policy.default)
            self.messages.append((envelope.rcpt_tos, message))
            return "250 OK"

    inbox = Inbox()
    with mail_server(inbox) as port:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield inbox


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium through Playwright, one for the whole run (Playwright's sync
    API allows one driver per thread)."""
    import shutil

    from broadsheet.tests import chromium as chromium_browser

    if not shutil.which(chromium_browser.EXECUTABLE):
        pytest.fail(
            f"{chromium_browser.EXECUTABLE} is missing: `make test` installs Debian's chromium package"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test's thread, where Django's database
    # calls stay synchronous: Django would otherwise refuse them as if they came from async code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = chromium_browser.launch(playwright)
        yield browser
        browser.close()
