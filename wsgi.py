"""The production entry point: ``gunicorn wsgi:app``.

Production unless PROCURE_ENV says otherwise: a SECRET_KEY must be set and cookies
are sent over HTTPS only.
"""
import os

os.environ.setdefault("PROCURE_ENV", "production")

from procure import create_app  # noqa: E402

app = create_app()
