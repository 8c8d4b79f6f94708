"""Backup and restore: the whole database and the upload folder in one versioned JSON file.

``flask --app procure export-data --out FILE`` writes it, ``flask --app procure
import-data FILE`` restores it into an empty database. The file is made from the
metadata's tables (any table added later is in it without a change here) read with
SQLAlchemy Core, so it does not depend on the models' Python code. No blueprint.
"""

FORMAT = "procure-backup"
VERSION = 1


class BackupRefused(Exception):
    """A backup that cannot be written or restored; the message says why, for operators."""
