from .job import Job, JobState

__all__ = ["Job", "JobState"]
