"""Constants of the backup API."""

from __future__ import annotations

__all__ = ["Provider", "BackupTargetType", "BackupTargetJobStatusType"]


class Provider:
    """Backup provider constants; each is a key of ``libcloud.backup.providers.DRIVERS``."""

    DUMMY = "dummy"
    DIMENSIONDATA = "dimensiondata"
    EBS = "ebs"
    GCE = "gce"
    NTTCIS = "nttcis"


class BackupTargetType:
    """What a backup target is."""

    VIRTUAL = "Virtual"
    PHYSICAL = "Physical"
    FILESYSTEM = "Filesystem"
    DATABASE = "Database"
    OBJECT = "Object"


class BackupTargetJobStatusType:
    """The states of a backup job."""

    RUNNING = "Running"
    CANCELLED = "Cancelled"
    FAILED = "Failed"
    COMPLETED = "Completed"
    PENDING = "Pending"
    UNKNOWN = "Unknown"
