"""Invitations by e-mail: to write for a blog (a role on it), or to join the instance when
sign-up is by invitation only. The link is the invitation's number signed with the instance's
key; opening it lets the person sign in or sign up, then accept."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from broadsheet import events, ratelimits
from broadsheet.accounts.models import Invitation
from broadsheet.blogs.models import Blog, Role, User
from broadsheet.blogs.services import blogs, permissions
from broadsheet.errors import Forbidden, InvalidInput, NotFound

VALID_FOR = timedelta(days=14)
_SALT = "broadsheet.invitation"
# Invitations one person sends in a day: enough to gather a team, too few to spam with.
PER_INVITER_PER_DAY = 20
SESSION_KEY = "broadsheet_invitation"


def invite(
    email: str, *, by: User, blog: Blog | None = None, role: str = Role.AUTHOR
) -> Invitation:
    """Invite `email` to write for `blog` as `role` (a blog's administrators may), or to join
    the instance (its administrators may)."""
    email = email.strip()
    try:
        validate_email(email)
    except Exception as exc:
        raise InvalidInput(f"{email!r} is not an e-mail address") from exc
    if role not in Role.values:
        raise InvalidInput(f"unknown role {role!r}")
    if blog is None and not by.is_staff:
        raise Forbidden("Only the instance's administrators invite people to join it.")
    if blog is not None and not permissions.can_administer(by, blog):
        raise Forbidden("Only the blog's administrators invite writers.")
    if ratelimits.count(f"invitations-by:{by.pk}", 24 * 3600) > PER_INVITER_PER_DAY:
        raise InvalidInput("You sent many invitations today; please try again tomorrow.")
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            blog=blog,
            role=role if blog else Role.SUBSCRIBER,
            invited_by=by,
            expires_at=timezone.now() + VALID_FOR,
        )
        events.emit(events.invitation_sent, invitation=invitation)
    return invitation


def link(invitation: Invitation) -> str:
    """The invitation's path, carrying its signed number."""
    token = signing.dumps(invitation.pk, salt=_SALT)
    return reverse("invitation", kwargs={"token": token})


def from_token(token: str) -> Invitation:
    """The open invitation a link names; NotFound for a forged, revoked, used or expired one."""
    try:
        pk = signing.loads(token, salt=_SALT, max_age=VALID_FOR)
    except signing.BadSignature:
        raise NotFound("This invitation link is not valid, or it has expired.") from None
    invitation = Invitation.objects.select_related("blog", "invited_by").filter(pk=pk).first()
    if invitation is None or not invitation.is_open:
        raise NotFound("This invitation was already used, withdrawn, or has expired.")
    return invitation


def held_by_session(request) -> Invitation | None:
    """The invitation a visitor opened before signing up (kept in their session)."""
    token = request.session.get(SESSION_KEY)
    if not token:
        return None
    try:
        return from_token(token)
    except NotFound:
        return None


def accept(invitation: Invitation, user: User) -> Invitation:
    """The invited person takes the invitation: a blog's invitation makes them a member with
    its role (never lowering a role they already hold there)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise NotFound("This invitation was already used, withdrawn, or has expired.")
        if invitation.blog_id and not permissions.has_role(user, invitation.blog, invitation.role):
            blogs.set_role(invitation.blog, user, invitation.role)
        invitation.accepted_by = user
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_by", "accepted_at"])
        events.emit(events.invitation_accepted, invitation=invitation)
    return invitation


def revoke(invitation: Invitation, *, by: User) -> None:
    if invitation.blog_id and not permissions.can_administer(by, invitation.blog):
        raise Forbidden("Only the blog's administrators withdraw its invitations.")
    if invitation.blog_id is None and not by.is_staff:
        raise Forbidden("Only the instance's administrators withdraw its invitations.")
    Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(revoked_at=timezone.now())


def open_for_blog(blog: Blog):
    return Invitation.objects.filter(
        blog=blog, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
    ).select_related("invited_by")
