"""Accounts listen to their own events: invitations and decisions on join requests are mailed
by the worker (queued in the change's transaction, so a crash loses none)."""

from allauth.account.signals import email_changed
from django.dispatch import receiver

from broadsheet import events
from broadsheet.accounts.jobs import mail_invitation, mail_join_decision
from broadsheet.engagement.services import avatars


@events.durable(events.invitation_sent)
def mail_new_invitation(invitation, **_) -> None:
    mail_invitation.enqueue(invitation_id=invitation.pk)


@events.durable(events.join_decided)
def mail_decision(join_request, **_) -> None:
    mail_join_decision.enqueue(join_request_id=join_request.pk)


@receiver(email_changed)
def avatar_follows_the_address(request, user, **_) -> None:
    avatars.rekey(user)
