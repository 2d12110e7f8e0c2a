"""Categories and Tags, for a blog's editors: made, renamed, nested, merged and deleted through
publishing's term services (old archive addresses keep leading to the new ones)."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from broadsheet.dashboard.screens import editor_required
from broadsheet.errors import BroadsheetError, InvalidInput
from broadsheet.publishing.models import Category, Tag
from broadsheet.publishing.services import terms
from broadsheet.validation import whole_number


@editor_required
def term_list(request):
    blog = request.blog
    categories = Category.objects.filter(blog=blog).annotate(count=Count("posts")).order_by("path")
    tags = Tag.objects.filter(blog=blog).annotate(count=Count("posts")).order_by("name")
    return render(
        request,
        "dashboard/terms.html",
        {"blog": blog, "categories": categories, "tags": tags[:1000]},
    )


def _term(blog, kind: str, pk) -> Category | Tag:
    model = Category if kind == "category" else Tag
    term = model.objects.filter(blog=blog, pk=whole_number(pk or "") or 0).first()
    if term is None:
        raise InvalidInput(f"No such {kind}.")
    return term


@editor_required
@require_POST
def change_term(request):
    blog, data = request.blog, request.POST
    kind = "tag" if data.get("kind") == "tag" else "category"
    action = data.get("action", "")
    try:
        name, slug = data.get("name", ""), data.get("slug", "").strip() or None
        parent = _term(blog, "category", data["parent"]) if data.get("parent") else None
        if action == "add" and kind == "category":
            terms.save_category(blog, name=name, slug=slug, parent=parent)
        elif action == "add":
            terms.save_tag(blog, name=name, slug=slug)
        elif action == "save" and kind == "category":
            category = _term(blog, kind, data.get("id"))
            terms.save_category(blog, name=name, slug=slug, parent=parent,
                                description=category.description, category=category)  # fmt: skip
        elif action == "save":
            tag = _term(blog, kind, data.get("id"))
            terms.save_tag(blog, name=name, slug=slug, description=tag.description, tag=tag)
        elif action == "merge":
            terms.merge_terms(
                _term(blog, kind, data.get("id")), _term(blog, kind, data.get("into"))
            )
        elif action == "delete":
            terms.delete_term(_term(blog, kind, data.get("id")))
        else:
            raise InvalidInput("Unknown action.")
    except BroadsheetError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Saved.")
    return redirect("editor-terms", blog.slug)
