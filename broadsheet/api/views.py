"""The WordPress REST API (`wp/v2`) for one blog: posts, pages, categories, tags, comments,
users. Views only translate between HTTP and the services, which hold every rule."""

from datetime import UTC
from functools import wraps

from django.conf import settings
from django.db.models import Count, Q
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from broadsheet.api import serializers
from broadsheet.blogs.models import User
from broadsheet.blogs.services import app_passwords as app_password_service
from broadsheet.blogs.services import permissions
from broadsheet.engagement.models import Comment, CommentStatus
from broadsheet.engagement.services import comments as comment_service
from broadsheet.engagement.services import reblogs as reblog_service
from broadsheet.errors import BroadsheetError, InvalidInput, NotFound
from broadsheet.publishing.models import Category, Post, PostKind, PostStatus, Tag
from broadsheet.publishing.models.post import PUBLIC_STATUS
from broadsheet.publishing.services import posts as post_service
from broadsheet.publishing.services import reading
from broadsheet.publishing.services import terms as term_service
from broadsheet.web import params
from broadsheet.web.responses import error_response, json_body, paginated, require_login

_SOURCE_FORMATS = ("markdown", "html")
_ORDERS = {
    "date": "published_at",
    "id": "pk",
    "title": "title",
    "slug": "slug",
    "modified": "modified_at",
}


def denied(request, message: str, code: str) -> BroadsheetError:
    """WordPress answers 401 to an anonymous request and 403 to a signed-in one."""
    status = 403 if request.user.is_authenticated else 401
    return BroadsheetError(message, code=code, status=status)


def _no_route_response() -> JsonResponse:
    return error_response(
        BroadsheetError(
            "No route was found matching the URL and request method.",
            code="rest_no_route",
            status=404,
        )
    )


def endpoint(*methods: str):
    """Routes methods to handlers, turns service errors into WordPress's error shape, and
    checks CSRF only for cookie sessions (API clients authenticate every request)."""

    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                return _no_route_response()
            try:
                _check_session_csrf(request)
                return view(request, *args, **kwargs)
            except BroadsheetError as exc:
                return error_response(exc)

        return wrapper

    return decorate


def _check_session_csrf(request) -> None:
    if request.method in ("GET", "HEAD", "OPTIONS") or getattr(
        request, "_dont_enforce_csrf_checks", False
    ):
        return
    if request.user.is_authenticated:
        rejected = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
        if rejected is not None:
            raise BroadsheetError(
                "Cookie check failed", code="rest_cookie_invalid_nonce", status=403
            )


def _base() -> str:
    return settings.BASE_URL


def _is_edit_context(request, allowed: bool) -> bool:
    context = params.choice(request.GET, "context", ("view", "embed", "edit"), "view")
    if context == "edit" and not allowed:
        raise denied(
            request,
            "Sorry, you are not allowed to edit posts in this post type.",
            "rest_forbidden_context",
        )
    return context == "edit"


def _page_params(request) -> tuple[int, int]:
    page = params.integer(request.GET, "page", 1, minimum=1)
    per_page = params.integer(request.GET, "per_page", 10, minimum=1, maximum=100)
    return page, per_page


def _slice(queryset, page: int, per_page: int) -> tuple[list, int]:
    total = queryset.count()
    if total and (page - 1) * per_page >= total:
        raise InvalidInput(
            "The page number requested is larger than the number of pages available.",
            code="rest_post_invalid_page_number",
        )
    return list(queryset[(page - 1) * per_page : page * per_page]), total


# Posts and pages ----------------------------------------------------------------------------


def _serialize_posts(request, posts: list[Post], *, edit: bool) -> list[dict]:
    """Posts in WordPress's shape; the edit context's fields (source, password) only for the
    posts this user may edit, and a protected post's text only for them or with its password
    (`?password=`, as in WordPress)."""
    through_categories = Post.categories.through.objects.filter(post__in=posts)
    through_tags = Post.tags.through.objects.filter(post__in=posts)
    categories: dict[int, list[int]] = {}
    tags: dict[int, list[int]] = {}
    for post_id, category_id in through_categories.values_list("post_id", "category_id"):
        categories.setdefault(post_id, []).append(category_id)
    for post_id, tag_id in through_tags.values_list("post_id", "tag_id"):
        tags.setdefault(post_id, []).append(tag_id)
    password = request.GET.get("password", "")
    return [
        serializers.post_json(
            p,
            edit=edit and permissions.can_edit_post(request.user, p),
            text_shown=reading.may_read_text(
                request.user, p, unlocked=reading.password_matches(p, password)
            ),
            category_ids=sorted(categories.get(p.pk, [])),
            tag_ids=sorted(tags.get(p.pk, [])),
        )
        for p in posts
    ]


def _list_posts(request, kind: str):
    blog = request.blog
    page, per_page = _page_params(request)
    edit = _is_edit_context(request, permissions.can_write(request.user, blog))
    queryset = Post.objects.filter(blog=blog, kind=kind).select_related("blog")
    statuses = params.text(request.GET, "status")
    wanted = [s for s in (statuses or PUBLIC_STATUS).split(",") if s]
    for status in wanted:
        if status not in (*PostStatus.values, "any"):
            raise params.invalid("status", f"status is not one of {', '.join(PostStatus.values)}.")
    if wanted != [PUBLIC_STATUS]:
        if not permissions.can_write(request.user, blog):
            raise denied(request, "Status is forbidden.", "rest_forbidden_status")
        if "any" not in wanted:
            queryset = queryset.filter(status__in=wanted)
        else:
            queryset = queryset.exclude(status=PostStatus.TRASH)
        queryset = reading.readable_by(queryset, request.user, blog)
    else:
        queryset = queryset.visible()
    search = params.search(request.GET)
    if search:
        queryset = reading.matching(queryset, search)
    for name, field in (("categories", "categories"), ("tags", "tags")):
        ids = params.id_list(request.GET, name)
        if ids:
            queryset = queryset.filter(**{f"{field}__in": ids}).distinct()
    authors = params.id_list(request.GET, "author")
    if authors:
        queryset = queryset.filter(author_id__in=authors)
    include = params.id_list(request.GET, "include")
    if include:
        queryset = queryset.filter(pk__in=include)
    slug = params.text(request.GET, "slug")
    if slug:
        queryset = queryset.filter(slug__in=slug.split(","))
    orderby = params.choice(request.GET, "orderby", _ORDERS, "date")
    order = params.choice(request.GET, "order", ("asc", "desc"), "desc")
    field = _ORDERS[orderby]
    queryset = queryset.order_by(
        field if order == "asc" else f"-{field}", "pk" if order == "asc" else "-pk"
    )
    posts, total = _slice(queryset, page, per_page)
    return paginated(_serialize_posts(request, posts, edit=edit), total, per_page)


def _changes_from(request, post: Post | None) -> post_service.PostChanges:
    data = json_body(request)
    blog = request.blog
    source_format = data.get("format")
    if source_format not in _SOURCE_FORMATS:
        # WordPress's own `format` is the post format (standard, aside, …): content is HTML then.
        source_format = None if post is not None else "html"
    status = params.choice(data, "status", PostStatus.values)
    comment_status = params.choice(data, "comment_status", ("open", "closed"))
    return post_service.PostChanges(
        title=params.text(data, "title"),
        source=params.text(data, "content"),
        source_format=source_format,
        excerpt=params.text(data, "excerpt"),
        status=status,
        published_at=params.date(data, "date_gmt", blog.timezone, gmt=True)
        or params.date(data, "date", blog.timezone),
        slug=params.text(data, "slug"),
        category_ids=params.id_list(data, "categories"),
        tag_ids=params.id_list(data, "tags"),
        featured_image_id=params.integer(data, "featured_media", minimum=0),
        comments_open=None if comment_status is None else comment_status == "open",
        sticky=params.boolean(data, "sticky"),
        parent_id=params.integer(data, "parent", minimum=0),
        menu_order=params.integer(data, "menu_order"),
        password=params.text(data, "password"),
    )


def _author_from(request) -> User | None:
    data = json_body(request)
    author_id = params.integer(data, "author", minimum=1)
    if author_id is None:
        return None
    author = User.objects.filter(pk=author_id).first()
    if author is None:
        raise InvalidInput("Invalid author ID.", code="rest_invalid_author")
    return author


def _one_post_json(request, post: Post, *, edit: bool) -> dict:
    return _serialize_posts(request, [post], edit=edit)[0]


def _post_collection(kind: str):
    @endpoint("GET", "POST")
    def collection(request):
        if request.method == "GET":
            return _list_posts(request, kind)
        require_login(
            request,
            "rest_cannot_create",
            "Sorry, you are not allowed to create posts as this user.",
        )
        changes = _changes_from(request, None)
        post = post_service.create_post(
            request.blog, request.user, changes, kind=kind, author=_author_from(request)
        )
        return JsonResponse(_one_post_json(request, post, edit=True), status=201)

    return collection


def _post_item(kind: str):
    @endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
    def item(request, post_id: int):
        post = post_service.get_post(request.blog, post_id, kind=kind)
        if request.method == "GET":
            if not reading.may_read(request.user, post):
                raise denied(
                    request, "Sorry, you are not allowed to read this post.", "rest_forbidden"
                )
            edit = _is_edit_context(request, permissions.can_edit_post(request.user, post))
            return JsonResponse(_one_post_json(request, post, edit=edit))
        if request.method == "DELETE":
            require_login(
                request, "rest_cannot_delete", "Sorry, you are not allowed to delete this post."
            )
            force = params.boolean(request.GET, "force") or params.boolean(
                json_body(request), "force"
            )
            previous = _one_post_json(request, post, edit=True)
            if force:
                post_service.delete_post(post, request.user)
                return JsonResponse({"deleted": True, "previous": previous})
            if post.status == PostStatus.TRASH:
                raise BroadsheetError(
                    "The post has already been deleted.", code="rest_already_trashed", status=410
                )
            post = post_service.trash_post(post, request.user)
            return JsonResponse(_one_post_json(request, post, edit=True))
        require_login(request, "rest_cannot_edit", "Sorry, you are not allowed to edit this post.")
        post = post_service.update_post(post, request.user, _changes_from(request, post))
        return JsonResponse(_one_post_json(request, post, edit=True))

    return item


posts_collection = _post_collection(PostKind.POST)
post_item = _post_item(PostKind.POST)
pages_collection = _post_collection(PostKind.PAGE)
page_item = _post_item(PostKind.PAGE)


@endpoint("GET", "POST")
def post_revisions(request, post_id: int):
    post = post_service.get_post(request.blog, post_id)
    if not permissions.can_edit_post(request.user, post):
        raise denied(
            request,
            "Sorry, you are not allowed to view revisions of this post.",
            "rest_cannot_read",
        )
    if request.method == "POST":
        revision_id = params.integer(json_body(request), "revision", minimum=1)
        if revision_id is None:
            raise params.invalid("revision", "revision is required.")
        post = post_service.restore_revision(post, request.user, revision_id)
        return JsonResponse(_one_post_json(request, post, edit=True))
    return JsonResponse(
        [
            {
                "id": revision.pk,
                "author": revision.author_id or 0,
                "parent": post.pk,
                "date": serializers.wp_dates(revision.created_at, post.blog)[0],
                "date_gmt": serializers.wp_dates(revision.created_at, post.blog)[1],
                "title": {"rendered": revision.title, "raw": revision.title},
                "content": {"raw": revision.source, "format": revision.source_format},
                "excerpt": {"raw": revision.excerpt},
            }
            for revision in post.revisions.all()
        ],
        safe=False,
    )


def _first_given(value, default):
    return default if value is None else value


@endpoint("POST")
def reblogs_collection(request):
    """broadsheet/v1/reblogs: {"url": a post here or anywhere, "content": commentary}."""
    require_login(
        request, "rest_cannot_create", "Sorry, you are not allowed to reblog as this user."
    )
    data = json_body(request)
    url = params.text(data, "url")
    if not url:
        raise params.invalid("url", "url is a required property.")
    post = reblog_service.reblog_url(
        url, request.blog, request.user, params.text(data, "content") or ""
    )
    return JsonResponse(_one_post_json(request, post, edit=True), status=201)


# Categories and tags ------------------------------------------------------------------------


def _term_endpoints(model, taxonomy: str):
    def counted(blog):
        return (
            model.objects.filter(blog=blog)
            .select_related("blog")
            .annotate(
                post_count=Count("posts", filter=Q(posts__status=PUBLIC_STATUS), distinct=True)
            )
        )

    def save(request, term=None):
        if not permissions.can_edit_others(request.user, request.blog):
            raise denied(
                request,
                f"Sorry, you are not allowed to {'edit' if term else 'create'} terms in this taxonomy.",
                "rest_cannot_update" if term else "rest_cannot_create",
            )
        data = json_body(request)
        name = params.text(data, "name")
        if term is None and not name:
            raise params.invalid("name", "name is a required property.")
        fields = {
            "name": name if name is not None else term.name,
            "slug": params.text(data, "slug") or (term.slug if term else None),
            "description": _first_given(
                params.text(data, "description"), term.description if term else ""
            ),
        }
        if model is Category:
            parent_id = params.integer(data, "parent", minimum=0)
            parent = term.parent if term and parent_id is None else None
            if parent_id:
                parent = Category.objects.filter(blog=request.blog, pk=parent_id).first()
                if parent is None:
                    raise InvalidInput("Parent term does not exist.", code="rest_term_invalid")
            return term_service.save_category(request.blog, parent=parent, category=term, **fields)
        return term_service.save_tag(request.blog, tag=term, **fields)

    @endpoint("GET", "POST")
    def collection(request):
        if request.method == "POST":
            term = save(request)
            return JsonResponse(serializers.term_json(term, taxonomy=taxonomy, count=0), status=201)
        page, per_page = _page_params(request)
        queryset = counted(request.blog)
        search = params.search(request.GET)
        if search:
            queryset = queryset.filter(name__icontains=search)
        if model is Category and request.GET.get("parent") not in (None, ""):
            parent = params.integer(request.GET, "parent", minimum=0)
            queryset = queryset.filter(parent_id=parent or None)
        if params.boolean(request.GET, "hide_empty"):
            queryset = queryset.filter(post_count__gt=0)
        slug = params.text(request.GET, "slug")
        if slug:
            queryset = queryset.filter(slug__in=slug.split(","))
        orderby = params.choice(request.GET, "orderby", ("name", "id", "slug", "count"), "name")
        order = params.choice(request.GET, "order", ("asc", "desc"), "asc")
        field = {"name": "name", "id": "pk", "slug": "slug", "count": "post_count"}[orderby]
        queryset = queryset.order_by(field if order == "asc" else f"-{field}", "pk")
        terms, total = _slice(queryset, page, per_page)
        return paginated(
            [serializers.term_json(t, taxonomy=taxonomy, count=t.post_count) for t in terms],
            total,
            per_page,
        )

    @endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
    def item(request, term_id: int):
        term = counted(request.blog).filter(pk=term_id).first()
        if term is None:
            raise NotFound("Term does not exist.", code="rest_term_invalid")
        if request.method == "GET":
            return JsonResponse(
                serializers.term_json(term, taxonomy=taxonomy, count=term.post_count)
            )
        if request.method == "DELETE":
            if not permissions.can_edit_others(request.user, request.blog):
                raise denied(
                    request, "Sorry, you are not allowed to delete this term.", "rest_cannot_delete"
                )
            if not params.boolean(request.GET, "force"):
                raise BroadsheetError(
                    "Terms do not support trashing. Set 'force=true' to delete.",
                    code="rest_trash_not_supported",
                    status=501,
                )
            previous = serializers.term_json(term, taxonomy=taxonomy, count=term.post_count)
            term_service.delete_term(term)
            return JsonResponse({"deleted": True, "previous": previous})
        term = save(request, term)
        return JsonResponse(
            serializers.term_json(term, taxonomy=taxonomy, count=getattr(term, "post_count", 0))
        )

    return collection, item


categories_collection, category_item = _term_endpoints(Category, "category")
tags_collection, tag_item = _term_endpoints(Tag, "post_tag")


# Comments -----------------------------------------------------------------------------------


def _comment_queryset(blog):
    return Comment.objects.filter(post__blog=blog).select_related("post__blog")


@endpoint("GET", "POST")
def comments_collection(request):
    blog = request.blog
    if request.method == "POST":
        data = json_body(request)
        post_id = params.integer(data, "post", minimum=1)
        if post_id is None:
            raise InvalidInput(
                "Sorry, you are not allowed to create this comment without a post.",
                code="rest_comment_invalid_post_id",
                status=403,
            )
        post = post_service.get_post(blog, post_id)
        comment = comment_service.submit_comment(
            post,
            request.user,
            comment_service.CommentInput(
                body=params.text(data, "content") or "",
                name=params.text(data, "author_name") or "",
                email=params.text(data, "author_email") or "",
                url=params.text(data, "author_url") or "",
                parent_id=params.integer(data, "parent", minimum=0),
                ip=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                unlocked=reading.password_matches(post, params.text(data, "password") or ""),
            ),
        )
        can_moderate = comment_service.can_moderate(request.user, comment)
        return JsonResponse(
            serializers.comment_json(comment, edit=can_moderate, base=_base()), status=201
        )
    page, per_page = _page_params(request)
    moderator = permissions.can_edit_others(request.user, blog)
    edit = _is_edit_context(request, moderator)
    queryset = _comment_queryset(blog)
    status = params.choice(request.GET, "status", (*CommentStatus.values, "all"), "approved")
    if status != "approved" and not moderator:
        raise denied(request, "Query parameter not permitted: status", "rest_forbidden_param")
    if status != "all":
        queryset = queryset.filter(status=status)
    post_ids = params.id_list(request.GET, "post")
    if post_ids:
        queryset = queryset.filter(post_id__in=post_ids)
    if not moderator:
        # As on the post page: comments of public posts, not of protected ones.
        queryset = queryset.filter(post__in=Post.objects.filter(blog=blog, password="").visible())
    parents = params.id_list(request.GET, "parent")
    if parents is not None:
        queryset = (
            queryset.filter(parent_id__in=parents)
            if parents != [0]
            else queryset.filter(parent=None)
        )
    order = params.choice(request.GET, "order", ("asc", "desc"), "desc")
    queryset = queryset.order_by("created_at" if order == "asc" else "-created_at", "pk")
    comments, total = _slice(queryset, page, per_page)
    return paginated(
        [serializers.comment_json(c, edit=edit, base=_base()) for c in comments], total, per_page
    )


@endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def comment_item(request, comment_id: int):
    comment = _comment_queryset(request.blog).filter(pk=comment_id).first()
    if comment is None:
        raise NotFound("Invalid comment ID.", code="rest_comment_invalid_id")
    moderator = comment_service.can_moderate(request.user, comment)
    if request.method == "GET":
        shown = comment.status == CommentStatus.APPROVED and reading.may_read_text(
            request.user, comment.post
        )
        if not shown and not moderator:
            raise denied(
                request, "Sorry, you are not allowed to read this comment.", "rest_cannot_read"
            )
        return JsonResponse(
            serializers.comment_json(
                comment, edit=_is_edit_context(request, moderator), base=_base()
            )
        )
    require_login(request, "rest_cannot_edit", "Sorry, you are not allowed to edit this comment.")
    if request.method == "DELETE":
        previous = serializers.comment_json(comment, edit=True, base=_base())
        if params.boolean(request.GET, "force"):
            comment_service.delete_comment(comment, request.user)
            return JsonResponse({"deleted": True, "previous": previous})
        comment = comment_service.moderate(comment, request.user, CommentStatus.TRASH)
        return JsonResponse(serializers.comment_json(comment, edit=True, base=_base()))
    data = json_body(request)
    status = params.choice(data, "status", (*CommentStatus.values, "approve", "1", "0"))
    if status is None:
        raise params.invalid("status", "only status can be changed here.")
    status = {
        "approve": CommentStatus.APPROVED,
        "1": CommentStatus.APPROVED,
        "0": CommentStatus.HOLD,
    }.get(status, status)
    comment = comment_service.moderate(comment, request.user, status)
    return JsonResponse(serializers.comment_json(comment, edit=True, base=_base()))


# Users --------------------------------------------------------------------------------------


def _blog_authors(blog):
    return User.objects.filter(
        Q(posts__blog=blog, posts__status=PUBLIC_STATUS) | Q(pk=blog.owner_id)
    ).distinct()


@endpoint("GET")
def users_collection(request):
    page, per_page = _page_params(request)
    queryset = _blog_authors(request.blog).order_by("username")
    search = params.search(request.GET)
    if search:
        queryset = queryset.filter(
            Q(username__icontains=search) | Q(display_name__icontains=search)
        )
    users, total = _slice(queryset, page, per_page)
    return paginated(
        [serializers.user_json(u, request.blog, base=_base()) for u in users], total, per_page
    )


@endpoint("GET")
def user_item(request, user_id: int):
    user = _blog_authors(request.blog).filter(pk=user_id).first()
    if user is None:
        raise NotFound("Invalid user ID.", code="rest_user_invalid_id")
    return JsonResponse(serializers.user_json(user, request.blog, base=_base()))


@endpoint("GET")
def users_me(request):
    require_login(request)
    user = request.user
    role = permissions.role_of(user, request.blog)
    roles = [role.value] if role else []
    return JsonResponse(
        serializers.user_json(user, request.blog, base=_base(), edit=True, roles=roles)
    )


# Application passwords (WordPress 5.6's routes) ---------------------------------------------


def _app_password_json(record, secret: str | None = None) -> dict:
    data = {
        "uuid": str(record.uuid),
        "app_id": "",
        "name": record.label,
        "created": record.created_at.astimezone(UTC).isoformat(timespec="seconds"),
        "last_used": record.last_used_at.astimezone(UTC).isoformat(timespec="seconds")
        if record.last_used_at
        else None,
        "last_ip": record.last_ip,
    }
    if secret is not None:
        data["password"] = secret
    return data


def _password_owner(request, user_id: int | None) -> User:
    require_login(request)
    if user_id is None:
        return request.user
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound("Invalid user ID.", code="rest_user_invalid_id")
    return user


@endpoint("GET", "POST", "DELETE")
def app_passwords_collection(request, user_id: int | None = None):
    user = _password_owner(request, user_id)
    if request.method == "POST":
        name = params.text(json_body(request), "name")
        if not name or not name.strip():
            raise params.invalid("name", "name is a required property.")
        record, secret = app_password_service.create_app_password(user, name, actor=request.user)
        return JsonResponse(_app_password_json(record, secret), status=201)
    if request.method == "DELETE":
        count = app_password_service.revoke_all_app_passwords(user, actor=request.user)
        return JsonResponse({"deleted": True, "count": count})
    records = app_password_service.app_passwords_of(user, actor=request.user)
    return JsonResponse([_app_password_json(r) for r in records], safe=False)


@endpoint("GET", "DELETE")
def app_password_item(request, uuid: str, user_id: int | None = None):
    user = _password_owner(request, user_id)
    if request.method == "DELETE":
        record = app_password_service.revoke_app_password(user, uuid, actor=request.user)
        return JsonResponse({"deleted": True, "previous": _app_password_json(record)})
    record = app_password_service.get_app_password(user, uuid, actor=request.user)
    return JsonResponse(_app_password_json(record))


@csrf_exempt
def no_route(request):
    return _no_route_response()


@endpoint("GET")
def index(request):
    blog = request.blog
    return JsonResponse(
        {
            "name": blog.title,
            "description": blog.tagline,
            "url": blog.base_url.rstrip("/"),
            "home": blog.base_url.rstrip("/"),
            "gmt_offset": 0,
            "timezone_string": blog.timezone,
            "namespaces": ["wp/v2", "broadsheet/v1"],
            # Where an app sends a person to ask for an application password (WordPress 5.6+).
            "authentication": {
                "application-passwords": {
                    "endpoints": {
                        "authorization": request.build_absolute_uri(
                            reverse("authorize-application")
                        )
                    }
                }
            },
            "routes": {
                f"/wp/v2/{name}": {"namespace": "wp/v2"}
                for name in (
                    "posts",
                    "pages",
                    "categories",
                    "tags",
                    "comments",
                    "users",
                    "users/me",
                    "users/me/application-passwords",
                )
            },
        }
    )
