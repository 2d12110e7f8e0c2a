"""Import and Export from the browser, for a blog's administrators: an uploaded WordPress
export is imported by the worker (migration.services.web_import); the blog is downloaded as a
WordPress export file."""

import tempfile

from django import forms
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from broadsheet.dashboard.screens import administrator_required
from broadsheet.errors import BroadsheetError
from broadsheet.migration.services import web_import
from broadsheet.migration.services.exporter import export_wxr


class ImportForm(forms.Form):
    export = forms.FileField(
        label="WordPress export file",
        help_text="From WordPress: Tools → Export → All content (.xml, or .xml.gz).",
    )


@administrator_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_export(request):
    blog = request.blog
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            web_import.start(blog, request.user, form.cleaned_data["export"])
        except BroadsheetError as exc:
            form.add_error("export", exc.message)
        else:
            messages.success(request, "The import has started; you will be told when it is done.")
            return redirect("editor-import-export", blog.slug)
    return render(
        request,
        "dashboard/import_export.html",
        {"blog": blog, "import_form": form, "runs": blog.imports.all()[:10]},
    )


@administrator_required
@require_safe
def download_export(request):
    """The whole blog as a WordPress export (WXR 1.2), written to a temporary file first so
    that a large blog does not sit in memory."""
    blog = request.blog
    scratch = tempfile.TemporaryFile(mode="w+b")  # noqa: SIM115 (FileResponse closes it when sent)
    with open(scratch.fileno(), "w", encoding="utf-8", closefd=False) as text:
        export_wxr(blog, text)
    scratch.seek(0)
    return FileResponse(
        scratch,
        as_attachment=True,
        filename=f"{blog.slug}.wordpress.xml",
        content_type="application/xml",
    )
