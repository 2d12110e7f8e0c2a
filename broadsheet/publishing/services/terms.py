"""Categories (nested) and tags."""

from django.db import transaction
from django.utils.text import slugify

from broadsheet import events
from broadsheet.blogs.models import Blog
from broadsheet.errors import InvalidInput, NotFound
from broadsheet.publishing.models import Category, Tag, TermRedirect
from broadsheet.validation import check_fits


def slug_base(wanted: str, fallback: str) -> str:
    """A slug as WordPress makes one: Unicode letters kept, lower-cased, hyphens for spaces."""
    return slugify(wanted, allow_unicode=True)[:190] or fallback


def first_free(base: str, taken) -> str:
    """WordPress's rule: a taken slug gets -2, -3, … appended (`taken` is a set or holds the
    slugs that start with `base`)."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def unique_slug(model, blog: Blog, wanted: str, *, exclude_pk: int | None = None) -> str:
    base = slug_base(wanted, model.__name__.lower())
    others = model.objects.filter(blog=blog).exclude(pk=exclude_pk)
    # The usual case, a free slug, is one look-up in the (blog, slug) index; the prefix search
    # below cannot use an index and reads every row of the blog.
    if not others.filter(slug=base).exists():
        return base
    return first_free(
        base, set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    )


def child_path(parent_path: str | None, slug: str) -> str:
    """Where a nested category or page lives: its ancestors' slugs, then its own."""
    return f"{parent_path}/{slug}" if parent_path else slug


def _category_path(category: Category) -> str:
    return child_path(category.parent.path if category.parent else None, category.slug)


@transaction.atomic
def save_category(
    blog: Blog,
    *,
    name: str,
    slug: str | None = None,
    parent: Category | None = None,
    description: str = "",
    category: Category | None = None,
) -> Category:
    name = name.strip()
    if not name:
        raise InvalidInput("a category needs a name")
    if parent is not None and parent.blog_id != blog.pk:
        raise InvalidInput("the parent category belongs to another blog")
    category = category or Category(blog=blog)
    ancestor = parent
    while ancestor is not None:
        if category.pk and ancestor.pk == category.pk:
            raise InvalidInput("a category cannot be its own ancestor")
        ancestor = ancestor.parent
    old_path = category.path if category.pk else None
    category.name, category.parent, category.description = name, parent, description
    category.slug = unique_slug(Category, blog, slug or name, exclude_pk=category.pk)
    category.path = _category_path(category)
    renamed = category.pk is not None
    check_fits(category)
    category.save()
    if old_path and old_path != category.path:
        _moved(blog, "category", old_path, category.path)
    _refresh_descendant_paths(category)
    if renamed or parent is None:  # a new top-level category joins the menu
        events.emit(events.term_changed, blog=blog, term=category)
    return category


def _refresh_descendant_paths(category: Category) -> None:
    for child in category.children.all():
        old_path, child.path = child.path, _category_path(child)
        child.save(update_fields=["path"])
        if old_path != child.path:
            _moved(child.blog, "category", old_path, child.path)
        _refresh_descendant_paths(child)


def _moved(blog: Blog, kind: str, old: str, new: str) -> None:
    """An archive's address changed: the old one (and any that led to it) now leads to `new`;
    an address in use again is no longer redirected."""
    TermRedirect.objects.filter(blog=blog, kind=kind, new=old).update(new=new)
    TermRedirect.objects.filter(blog=blog, kind=kind, old=new).delete()
    TermRedirect.objects.update_or_create(blog=blog, kind=kind, old=old, defaults={"new": new})


def redirect_for(blog: Blog, kind: str, old: str) -> str | None:
    """Where an archive address that no longer exists went (its category path or tag slug)."""
    return (
        TermRedirect.objects.filter(blog=blog, kind=kind, old=old)
        .values_list("new", flat=True)
        .first()
    )


def save_tag(
    blog: Blog, *, name: str, slug: str | None = None, description: str = "", tag: Tag | None = None
) -> Tag:
    name = name.strip()
    if not name:
        raise InvalidInput("a tag needs a name")
    tag = tag or Tag(blog=blog)
    old_slug = tag.slug if tag.pk else None
    tag.name, tag.description = name, description
    tag.slug = unique_slug(Tag, blog, slug or name, exclude_pk=tag.pk)
    renamed = tag.pk is not None
    check_fits(tag)
    tag.save()
    if old_slug and old_slug != tag.slug:
        _moved(blog, "tag", old_slug, tag.slug)
    if renamed:  # a new tag is on no page until a post carries it
        events.emit(events.term_changed, blog=blog, term=tag)
    return tag


@transaction.atomic
def delete_term(term: Category | Tag) -> None:
    """Delete a category or tag. A deleted category's children move up to its parent, as in
    WordPress, and their paths (and their own children's) follow; its posts are filed under
    the parent, and its address leads there."""
    blog = term.blog
    if isinstance(term, Category):
        if term.parent_id:
            term.parent.posts.add(*term.posts.all())
            _moved(blog, "category", term.path, term.parent.path)
        for child in term.children.all():
            old_path = child.path
            child.parent = term.parent
            child.path = _category_path(child)
            child.save(update_fields=["parent", "path"])
            _moved(blog, "category", old_path, child.path)
            _refresh_descendant_paths(child)
    term.delete()
    events.emit(events.term_changed, blog=blog, term=term)


@transaction.atomic
def merge_terms(source: Category | Tag, target: Category | Tag) -> Category | Tag:
    """Fold `source` into `target` (both categories, or both tags, of one blog): its posts are
    filed under `target`, its children move under `target`, its address leads to `target`'s."""
    if type(source) is not type(target) or source.blog_id != target.blog_id:
        raise InvalidInput("Only a category into a category, or a tag into a tag, of one blog.")
    if source.pk == target.pk:
        raise InvalidInput("A term cannot be merged into itself.")
    blog, kind = source.blog, "category" if isinstance(source, Category) else "tag"
    if kind == "category":
        ancestor = target
        while ancestor is not None:
            if ancestor.pk == source.pk:
                raise InvalidInput("A category cannot be merged into one of its own children.")
            ancestor = ancestor.parent
        for child in source.children.all():
            save_category(blog, name=child.name, slug=child.slug, parent=target,
                          description=child.description, category=child)  # fmt: skip
    target.posts.add(*source.posts.all())
    _moved(blog, kind, source.path if kind == "category" else source.slug,
           target.path if kind == "category" else target.slug)  # fmt: skip
    source.delete()
    events.emit(events.term_changed, blog=blog, term=target)
    return target


def tags_by_name(blog: Blog, names: list[str]) -> list[Tag]:
    """The tags with these names, creating the ones the blog does not have yet."""
    wanted = {name.strip(): None for name in names if name.strip()}
    existing = {tag.name.lower(): tag for tag in Tag.objects.filter(blog=blog, name__in=wanted)}
    return [existing.get(name.lower()) or save_tag(blog, name=name) for name in wanted]


def category_by_path(blog: Blog, path: str) -> Category:
    category = Category.objects.filter(blog=blog, path=path.strip("/")).first()
    if category is None:
        raise NotFound("No such category")
    return category


def with_ancestors(categories) -> set[Category]:
    found = set()
    for category in categories:
        while category is not None and category not in found:
            found.add(category)
            category = category.parent
    return found
