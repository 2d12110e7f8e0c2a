"""Blogs from the browser: start one, and run who writes for it (invite by e-mail with a role,
change roles, remove members, leave, hand it over). Every change goes through the services."""

from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from broadsheet.accounts.models import Invitation
from broadsheet.accounts.services import invitations
from broadsheet.blogs.models import Role, User
from broadsheet.blogs.models.blog import SLUG_VALIDATOR
from broadsheet.blogs.services import blogs, permissions
from broadsheet.dashboard.screens import administrator_required
from broadsheet.errors import BroadsheetError
from broadsheet.validation import whole_number

_ZONES = sorted(available_timezones())


class StartBlogForm(forms.Form):
    slug = forms.CharField(
        label="Address",
        max_length=50,
        validators=[SLUG_VALIDATOR],
        help_text="Lower-case letters, digits and hyphens: your blog will be at /@address/.",
    )
    title = forms.CharField(max_length=200)
    language = forms.ChoiceField(choices=settings.LANGUAGES, initial="en")
    timezone = forms.ChoiceField(label="Time zone", choices=[(z, z) for z in _ZONES])


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def start_blog(request):
    initial = {"timezone": "UTC", "language": request.user.language}
    form = StartBlogForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            blog = blogs.start_blog(request.user, **form.cleaned_data)
        except BroadsheetError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{blog.title} is ready: write its first post.")
            return redirect("editor-new-post", blog.slug)
    return render(request, "dashboard/start_blog.html", {"start_form": form})


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.AUTHOR)


@administrator_required
@require_http_methods(["GET", "HEAD", "POST"])
def members(request):
    blog = request.blog
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invite(
                form.cleaned_data["email"],
                by=request.user,
                blog=blog,
                role=form.cleaned_data["role"],
            )
        except BroadsheetError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("editor-members", blog.slug)
    return render(
        request,
        "dashboard/members.html",
        {
            "blog": blog,
            "members": blogs.members(blog),
            "invitations": invitations.open_for_blog(blog),
            "roles": Role.choices,
            "invite_form": form,
        },
    )


def _member(request) -> User:
    return User.objects.filter(pk=whole_number(request.POST.get("user", "")) or 0).first()


@administrator_required
@require_POST
def change_member(request):
    """One form per member: a new role, removal, or handing the blog over."""
    blog, member, action = request.blog, _member(request), request.POST.get("action")
    try:
        if member is None:
            raise BroadsheetError("No such member.")
        if action == "remove":
            blogs.remove_member(blog, member)
            messages.success(request, f"{member.name} no longer writes for {blog.title}.")
        elif action == "transfer":
            blogs.transfer_ownership(blog, member, by=request.user)
            messages.success(request, f"{member.name} now owns {blog.title}.")
        else:
            blogs.set_role(blog, member, request.POST.get("role", ""))
            messages.success(request, f"{member.name} is now {request.POST.get('role')}.")
    except BroadsheetError as exc:
        messages.error(request, exc.message)
    return redirect("editor-members", blog.slug)


@administrator_required
@require_POST
def withdraw_invitation(request, invitation_id: int):
    invitation = Invitation.objects.filter(pk=invitation_id, blog=request.blog).first()
    if invitation is not None:
        invitations.revoke(invitation, by=request.user)
        messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("editor-members", request.blog.slug)


@login_required
@require_POST
def leave(request):
    blog = request.blog
    if not permissions.role_of(request.user, blog):
        return redirect("dashboard")
    try:
        blogs.leave_blog(blog, request.user)
    except BroadsheetError as exc:
        messages.error(request, exc.message)
        return redirect("editor-home", blog.slug)
    messages.success(request, f"You left {blog.title}.")
    return redirect("dashboard")
