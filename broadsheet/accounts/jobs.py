from django.conf import settings
from django.urls import reverse
from django_tasks import task

from broadsheet.accounts.models import AccountExport, Invitation, JoinRequest, JoinRequestStatus
from broadsheet.accounts.services import export, invitations, mail
from broadsheet.jobs.services import periodic


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


@task
def build_export(export_id: int) -> None:
    """Build an account's ZIP and mail its owner the link (once: a finished export is not
    rebuilt, and the mail goes only after the file is kept)."""
    record = AccountExport.objects.select_related("user").filter(pk=export_id).first()
    if record is None or record.finished_at is not None:
        return
    record = export.build(record)
    if record.user.email:
        mail.send(
            record.user.email,
            "export_ready",
            {
                "user": record.user,
                "link": settings.BASE_URL + reverse("account-export", args=[record.token]),
            },
        )


@periodic(every=3600)
def forget_old_exports() -> None:
    for record in export.expired()[:100]:
        export.forget(record)
