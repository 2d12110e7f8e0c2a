from allauth.account.adapter import get_adapter
from allauth.account.decorators import reauthentication_required
from allauth.account.views import LoginView
from django import forms
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from broadsheet.accounts.models import JoinRequest
from broadsheet.accounts.services import deletion, export, invitations, signup
from broadsheet.blogs.models import User
from broadsheet.blogs.services import accounts, sign_in
from broadsheet.engagement.services import avatars
from broadsheet.errors import BroadsheetError, NotFound


class ThrottledLoginView(LoginView):
    """allauth's sign-in; after too many failures (blogs.services.sign_in) it says so with a
    429, before any password is checked."""

    def post(self, request, *args, **kwargs):
        if sign_in.is_throttled(request, request.POST.get("login", "")):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None, "Too many failed attempts. Please wait a few minutes and try again."
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token: str):
    """An invitation's link: who invited whom to what; accept it (signed in), or sign in or
    sign up first and come back."""
    try:
        held = invitations.from_token(token)
    except NotFound as exc:
        return render(
            request, "accounts/invitation.html", {"error": exc.message}, status=exc.status
        )
    if request.method == "POST" and request.user.is_authenticated:
        invitations.accept(held, request.user)
        request.session.pop(invitations.SESSION_KEY, None)
        if held.blog_id:
            messages.success(request, f"You are now a member of {held.blog.title}.")
            return HttpResponseRedirect(reverse("editor-home", args=[held.blog.slug]))
        return HttpResponseRedirect(reverse("dashboard"))
    # Kept for the sign-up that may follow: it opens sign-up under "invite" mode and is taken
    # up by the new account; the mailed link proves the address, so it needs no code.
    request.session[invitations.SESSION_KEY] = token
    get_adapter(request).stash_verified_email(request, held.email)
    here = reverse("invitation", kwargs={"token": token})
    return render(request, "accounts/invitation.html", {"invitation": held, "here": here})


@staff_member_required
@require_http_methods(["GET", "HEAD"])
def join_requests(request):
    """The approval queue: who asked to join, and why."""
    return render(
        request,
        "accounts/join_requests.html",
        {"join_requests": signup.pending_requests()[:200], "mode": signup.mode()},
    )


@staff_member_required
@require_POST
def decide_join_request(request, pk: int):
    join_request = get_object_or_404(JoinRequest, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        signup.decide(join_request, approve=approve, by=request.user)
    except BroadsheetError as exc:
        messages.error(request, exc.message)
    else:
        verb = "approved" if approve else "refused"
        messages.success(request, f"{join_request.user.username} {verb}.")
    return HttpResponseRedirect(reverse("join-requests"))


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name", "bio", "language")
        labels = {
            "display_name": "Name shown on your posts, comments and likes",
            "language": "The language you write in",
        }
        help_texts = {"language": "Blogs you start begin in it."}
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        try:
            signup.check_display_name(name)
        except BroadsheetError as exc:
            raise forms.ValidationError(exc.message) from exc
        return name


class AvatarForm(forms.Form):
    picture = forms.ImageField(
        label="Your picture",
        required=False,
        help_text="Shown beside your posts, comments and likes, and on the fediverse.",
    )
    remove = forms.BooleanField(label="Use the drawn picture instead", required=False)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    """A person's profile and the way to everything about their account."""
    form = ProfileForm(request.POST or None, instance=request.user)
    picture = AvatarForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and picture.is_valid():
        try:
            if picture.cleaned_data["remove"]:
                avatars.remove_avatar(request.user)
            elif picture.cleaned_data["picture"]:
                avatars.set_avatar(request.user, picture.cleaned_data["picture"].read())
        except BroadsheetError as exc:
            picture.add_error("picture", exc.message)
        else:
            accounts.update_profile(request.user, **form.cleaned_data)
            messages.success(request, "Your profile is saved.")
            return HttpResponseRedirect(reverse("profile"))
    return render(
        request,
        "accounts/profile.html",
        {"profile_form": form, "avatar_form": picture},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_data(request):
    """Take everything away (an export by mail) or delete the account."""
    if request.method == "POST":
        try:
            export.request_export(request.user)
        except BroadsheetError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, "Your export is being built; we will mail you a link when it is ready."
            )
        return HttpResponseRedirect(reverse("account-data"))
    return render(
        request, "accounts/account_data.html", {"exports": request.user.exports.all()[:5]}
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def download_export(request, token: str):
    record = request.user.exports.filter(token=token).exclude(path="").first()
    if record is None:
        raise Http404("No such export")
    response = FileResponse(
        default_storage.open(record.path, "rb"),
        as_attachment=True,
        filename=f"broadsheet-{request.user.username}-{record.created_at:%Y-%m-%d}.zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


class DeleteAccountForm(forms.Form):
    comments = forms.ChoiceField(
        label="Your comments",
        choices=[
            ("keep", "Keep them, signed “Former member” (threads stay whole)"),
            ("delete", "Delete them"),
        ],
        widget=forms.RadioSelect,
        initial="keep",
    )
    confirm = forms.CharField(label="Type your user name to confirm")

    def __init__(self, *args, user, owned, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for blog in owned:
            self.fields[f"blog_{blog.slug}"] = forms.BooleanField(
                label=f"Delete {blog.title} ({blog.get_absolute_url()}) and everything in it",
                required=False,
            )

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip() != self.user.username:
            raise forms.ValidationError("That is not your user name.")
        return self.cleaned_data["confirm"]


@login_required
@reauthentication_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request):
    owned = deletion.owned_blogs(request.user)
    form = DeleteAccountForm(request.POST or None, user=request.user, owned=owned)
    if request.method == "POST" and form.is_valid():
        named = {blog.slug for blog in owned if form.cleaned_data.get(f"blog_{blog.slug}")}
        try:
            deletion.delete_account(
                request.user,
                blogs_named=named,
                keep_comments=form.cleaned_data["comments"] == "keep",
            )
        except BroadsheetError as exc:
            form.add_error(None, exc.message)
        else:
            logout(request)
            messages.success(request, "Your account is deleted. Goodbye, and thank you.")
            return HttpResponseRedirect(reverse("instance-home"))
    return render(request, "accounts/delete_account.html", {"delete_form": form, "owned": owned})
