from .job import Job, JobState
from .periodic_run import PeriodicRun

__all__ = ["Job", "JobState", "PeriodicRun"]
