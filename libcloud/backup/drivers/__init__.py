"""Backup provider drivers, imported lazily through ``libcloud.backup.providers``."""
