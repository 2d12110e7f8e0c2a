"""The newcomer's story in real headless Chromium (Debian's, through Playwright), with mail read
from a real SMTP server on loopback: a visitor presses Like on a post, signs up on the way,
types the mailed code, lands back on the post and likes it; the author's bell counts it. Then
a passkey, made with Chromium's virtual authenticator, signs the newcomer in without a
password."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 42"


def _code(inbox, address) -> str:
    (message,) = [m for to, m in inbox.messages if address in to]
    inbox.messages.clear()
    return re.search(r"^\s*([A-Z0-9]+(?:-[A-Z0-9]+)+)\s*$", message.get_content(), re.M).group(1)


def _localhost(live_server) -> str:
    # WebAuthn needs a host name (not an IP address) as the relying party's id.
    return live_server.url.replace("127.0.0.1", "localhost")


def add_platform_authenticator(context, page) -> None:
    """A passkey-capable authenticator, as a phone or a laptop has: Chromium's virtual one
    (CDP WebAuthn), which makes and uses passkeys for this page."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )


def test_sign_up_on_the_way_to_a_like_then_sign_in_with_a_passkey(
    team, chromium, live_server, smtp_server
):
    post = team.post("Low tide at Belém")
    base = _localhost(live_server)
    context = chromium.new_context(base_url=base)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"/@dispatch/{post.url_path}")
    expect(page.locator(".like-count")).to_have_attribute("data-count", "0")
    page.click(".like-button")
    page.wait_for_url("**/login/**")
    page.click(".form-screen >> text=sign up")
    page.fill("#id_email", "lena@example.net")
    page.fill("#id_username", "lena")
    page.fill("#id_password1", PASSWORD)
    page.click(".form-screen form button[type=submit]")
    page.wait_for_url("**/confirm-email/**")
    page.fill("#id_code", _code(smtp_server, "lena@example.net"))
    page.click(".form-screen form button[type=submit]")
    page.wait_for_load_state()
    # Back on the post, signed in, one click from the like.
    page.wait_for_url(re.compile("low-tide-at-bel"))
    expect(page.locator(".like-button")).to_be_enabled()
    page.click(".like-button")
    expect(page.locator(".like-button")).to_have_attribute("aria-pressed", "true")

    author = context.browser.new_context(base_url=base)
    author_page = author.new_page()
    author_page.goto("/login/")
    author_page.fill("#id_login", "tomas")
    author_page.fill("#id_password", "pw-tomas-12345")
    author_page.click(".form-screen form button[type=submit]")
    author_page.wait_for_url("**/dashboard/")
    expect(author_page.locator(".bell-count")).to_contain_text("1")
    author_page.click("a.bell")
    expect(author_page.locator(".notification-list")).to_contain_text(
        "lena liked “Low tide at Belém”"
    )
    author.close()

    add_platform_authenticator(context, page)
    page.goto("/accounts/2fa/webauthn/add/?passwordless")
    # Adding a second way in asks for the password again (allauth's reauthentication).
    page.fill("#id_password", PASSWORD)
    page.click(".form-screen form button[type=submit]")
    page.fill("#id_name", "Laptop")
    page.check("#id_passwordless")
    page.click("#mfa_webauthn_add")
    page.wait_for_url("**/recovery-codes/**")
    page.goto("/dashboard/")
    page.click("form.logout button")
    page.goto("/accounts/login/")
    page.click("#passkey_login")
    page.wait_for_url("**/dashboard/")
    expect(page.locator(".account-links")).to_contain_text("lena")
    context.close()


def test_sign_up_with_a_passkey_and_no_password(team, chromium, live_server, smtp_server):
    """allauth's passkey sign-up: the address is verified by its code, then the browser makes
    the passkey (Chromium's virtual authenticator) and the new account is signed in."""
    from broadsheet.blogs.models import User

    context = chromium.new_context(base_url=_localhost(live_server))
    page = context.new_page()
    page.set_default_timeout(15_000)
    add_platform_authenticator(context, page)
    page.goto("/accounts/signup/passkey/")
    page.fill("#id_email", "kai@example.net")
    page.fill("#id_username", "kai")
    page.click(".form-screen form button[type=submit]")
    page.wait_for_url("**/confirm-email/**")
    page.fill("#id_code", _code(smtp_server, "kai@example.net"))
    page.click(".form-screen form button[type=submit]")
    page.wait_for_selector("#mfa_webauthn_signup")
    page.click("#mfa_webauthn_signup")
    expect(page.locator(".account-links")).to_contain_text("kai")
    kai = User.objects.get(username="kai")
    assert not kai.has_usable_password()
    context.close()
