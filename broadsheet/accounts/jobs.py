from django.conf import settings
from django.urls import reverse
from django_tasks import task

from broadsheet.accounts.models import Invitation, JoinRequest, JoinRequestStatus
from broadsheet.accounts.services import invitations, mail


@task
def mail_invitation(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.select_related("blog", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_open:
        return
    mail.send(
        invitation.email,
        "invitation",
        {
            "invitation": invitation,
            "inviter": invitation.invited_by.name if invitation.invited_by else "",
            "link": settings.BASE_URL + invitations.link(invitation),
        },
    )


@task
def mail_join_decision(join_request_id: int) -> None:
    join_request = JoinRequest.objects.select_related("user").filter(pk=join_request_id).first()
    if join_request is None or not join_request.user.email:
        return
    mail.send(
        join_request.user.email,
        "join_decision",
        {
            "user": join_request.user,
            "approved": join_request.status == JoinRequestStatus.APPROVED,
            "login_url": settings.BASE_URL + reverse("account_login"),
        },
    )
