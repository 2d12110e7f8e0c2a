"""The one page of the fetching app: images from other sites, shown through this one."""

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotFound

from broadsheet.errors import NotFound
from broadsheet.fetching.services import remote_images


def remote_image(request: HttpRequest, signature: str) -> HttpResponse:
    try:
        path, content_type = remote_images.image(request.GET.get("url", ""), signature)
    except NotFound as exc:
        return HttpResponseNotFound(exc.message, content_type="text/plain; charset=utf-8")
    response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115
    response["Cache-Control"] = "public, max-age=604800"
    return response
