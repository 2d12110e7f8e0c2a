from .import_run import ImportRun, ImportStatus
from .imported_object import ImportedObject
from .legacy_path import LegacyPath

__all__ = ["ImportRun", "ImportStatus", "ImportedObject", "LegacyPath"]
