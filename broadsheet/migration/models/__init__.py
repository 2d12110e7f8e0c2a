from .imported_object import ImportedObject
from .legacy_path import LegacyPath

__all__ = ["ImportedObject", "LegacyPath"]
