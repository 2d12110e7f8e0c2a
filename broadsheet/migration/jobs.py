from django_tasks import task

from broadsheet.migration.models import ImportRun, ImportStatus
from broadsheet.migration.services import web_import


@task
def run_import(run_id: int) -> None:
    """An export uploaded from the browser, imported (again whole after a crash: the importer
    skips what it already brought in)."""
    import_run = ImportRun.objects.select_related("blog").filter(pk=run_id).first()
    if import_run is None or import_run.status in (ImportStatus.DONE, ImportStatus.FAILED):
        return
    web_import.run(import_run)
