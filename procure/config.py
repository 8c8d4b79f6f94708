"""Configuration from environment variables, with safe defaults.

``PROCURE_ENV`` is ``development`` unless set; ``wsgi.py`` (what gunicorn serves) sets
``production``, where a ``SECRET_KEY`` must be given and cookies are Secure.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, got {value!r}") from None


def _env_seconds(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise RuntimeError(f"{name} must be a number of seconds above 0, got {value!r}")
    return seconds


def _development_secret_key(instance_path: Path) -> str:
    """Generate a secret key once and keep it in the instance folder.

    Development only: every restart would otherwise log everybody out.
    """
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Created with mode 0600 so other local users cannot read it.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _database_url(url: str) -> str:
    """Accept the common ``postgres://`` spellings and route them to psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _thresholds() -> dict:
    """Procurement thresholds in SEK (2026-2027).

    The euro thresholds are those of Delegated Regulation (EU) 2025/2152; the SEK
    equivalents are published separately, so each can be set exactly by its own
    variable. Without one, the euro figure is converted at ``THRESHOLD_SEK_PER_EUR``.
    """
    rate = float(os.environ.get("THRESHOLD_SEK_PER_EUR", "10.93"))
    euro = {"SUPPLIES_SERVICES": 216_000, "WORKS": 5_404_000, "SOCIAL": 750_000}
    values = {"DIRECT_AWARD_LIMIT_SEK": _env_int("DIRECT_AWARD_LIMIT_SEK", 700_000)}
    for kind, amount in euro.items():
        name = f"EU_THRESHOLD_{kind}_SEK"
        values[name] = _env_int(name, round(amount * rate))
    return values


def _public_url(production: bool) -> str:
    """Where people reach the site. Every absolute link (feeds, mail, open data) is built
    on it, never on the request's Host header, which the client chooses."""
    url = os.environ.get("PUBLIC_URL", "").strip().rstrip("/")
    if not url:
        if production:
            raise RuntimeError(
                "PUBLIC_URL is required in production: set it to the site's address as "
                "people reach it, e.g. https://procure.city.example")
        return "http://localhost:5000"
    if not url.startswith(("https://", "http://")) or any(c in url for c in "?#\\ "):
        raise RuntimeError("PUBLIC_URL must be an http(s) address without query or fragment")
    return url


def load_config(instance_path: str) -> dict:
    """Read the configuration from the environment into a plain dict."""
    instance = Path(instance_path)
    env = os.environ.get("PROCURE_ENV", "development").strip() or "development"
    if env not in ("development", "production", "testing"):
        raise RuntimeError("PROCURE_ENV must be development, production or testing")
    production = env == "production"

    secret_key = os.environ.get("SECRET_KEY", "").strip()
    if not secret_key:
        if production:
            raise RuntimeError(
                "SECRET_KEY is required in production: set it to a long random string "
                "shared by every app server"
            )
        secret_key = _development_secret_key(instance)

    default_db = "sqlite:///" + str(instance / "procure.sqlite3")
    return {
        "PUBLIC_URL": _public_url(production),
        **_thresholds(),
        "PROCURE_ENV": env,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": _database_url(os.environ.get("DATABASE_URL", default_db)),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": os.environ.get("REDIS_URL", "").strip() or None,
        # How long the dashboard's figures wait for Redis before computing without it.
        "REDIS_TIMEOUT_SECONDS": _env_seconds("REDIS_TIMEOUT_SECONDS", 0.5),
        # Mail is optional: without MAIL_SERVER nothing is queued or sent. Mail waits in
        # an outbox table until ``flask send-mail`` delivers it.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "").strip() or None,
        "MAIL_PORT": _env_int("MAIL_PORT", 587),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "1") not in ("0", "false", "no"),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "procure@localhost"),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", "10")),
        "MAIL_MAX_ATTEMPTS": _env_int("MAIL_MAX_ATTEMPTS", 8),
        # A failed mail waits this long, doubled after each further failure (at most 1 h).
        "MAIL_RETRY_BASE_SECONDS": _env_int("MAIL_RETRY_BASE_SECONDS", 60),
        # The per-account brake on guessing (procure.auth.throttle): after this many
        # failed sign-ins (or reset requests) for one address, each attempt waits twice
        # as long as the one before, from the base to the maximum.
        "ACCOUNT_BRAKE_AFTER": _env_int("ACCOUNT_BRAKE_AFTER", 5),
        "ACCOUNT_BRAKE_BASE_SECONDS": _env_int("ACCOUNT_BRAKE_BASE_SECONDS", 30),
        "ACCOUNT_BRAKE_MAX_SECONDS": _env_int("ACCOUNT_BRAKE_MAX_SECONDS", 3600),
        # How long shared caches may keep the public Atom feed (nothing in it is personal).
        "FEED_CACHE_SECONDS": _env_int("FEED_CACHE_SECONDS", 300),
        # How long this app keeps the public dialogue list and pages, the feed and the
        # dialogues API as built for visitors who are nobody in particular (0: built on
        # every request).
        "PUBLIC_CACHE_SECONDS": _env_int("PUBLIC_CACHE_SECONDS", 10),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "WTF_CSRF_TIME_LIMIT": None,  # the session bounds the token's life
        "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_LENGTH", 60 * 1024 * 1024),
        "BABEL_DEFAULT_LOCALE": "sv",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("PROCURE_TIMEZONE", "Europe/Stockholm"),
        "LANGUAGES": ("sv", "en"),
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "").strip() or "memory://",
        "RATELIMIT_ENABLED": True,
        # Redis down: count in each process's memory rather than refuse every sign-in.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "REGISTER_RATE_LIMIT": os.environ.get("REGISTER_RATE_LIMIT", "5 per minute;30 per hour"),
        "OPEN_DATA_RATE_LIMIT": os.environ.get("OPEN_DATA_RATE_LIMIT", "30 per minute;300 per hour"),
        "PASSWORD_RESET_RATE_LIMIT": os.environ.get("PASSWORD_RESET_RATE_LIMIT",
                                                    "5 per minute;20 per hour"),
        # Per supplier user, not per address: a company's staff often share one address.
        "QUESTION_RATE_LIMIT": os.environ.get("QUESTION_RATE_LIMIT", "10 per minute;60 per hour"),
        # Ideas and problems sent in without an account, per client address.
        "IDEA_RATE_LIMIT": os.environ.get("IDEA_RATE_LIMIT", "5 per minute;30 per hour"),
        # A session ends after this long without a request, and this long after sign-in.
        "SESSION_IDLE_MINUTES": _env_int("SESSION_IDLE_MINUTES", 30),
        "SESSION_ABSOLUTE_HOURS": _env_int("SESSION_ABSOLUTE_HOURS", 12),
        # How long an e-mailed password reset link works (it works once).
        "PASSWORD_RESET_MINUTES": _env_int("PASSWORD_RESET_MINUTES", 30),
        # How long the link that confirms a new supplier account's address works (once).
        "EMAIL_VERIFICATION_HOURS": _env_int("EMAIL_VERIFICATION_HOURS", 48),
        "PAGE_SIZE": _env_int("PAGE_SIZE", 25),
        # The dashboard's figures are kept this long (0: computed on every request).
        "FIGURES_CACHE_SECONDS": _env_int("FIGURES_CACHE_SECONDS", 120),
        # The city's name and logo (a PNG, JPEG or SVG file; SVG is drawn through svglib):
        # on every PDF's first page, running header and metadata, and on the web statement.
        "CITY_NAME": os.environ.get("CITY_NAME", "").strip(),
        "CITY_LOGO": os.environ.get("CITY_LOGO", "").strip(),
        # The city's yearly procurement spend, against which innovation is measured.
        "CITY_PROCUREMENT_SPEND_SEK": _env_int("CITY_PROCUREMENT_SPEND_SEK", 40_000_000_000),
        # Suppliers' attachments live here, outside static/, under generated names.
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER") or str(instance / "uploads"),
        "MAX_ATTACHMENT_BYTES": _env_int("MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024),
        "MAX_ATTACHMENTS": _env_int("MAX_ATTACHMENTS", 5),
        # Built PDFs, kept by the hash of their content (procure.pdf.cache); app servers
        # may share the folder. The least recently used go beyond the size.
        "PDF_CACHE_DIR": os.environ.get("PDF_CACHE_DIR") or str(instance / "pdf-cache"),
        "PDF_CACHE_MAX_BYTES": _env_int("PDF_CACHE_MAX_BYTES", 100 * 1024 * 1024),
        # TED, the EU's notice database, for market scans.
        "TED_API_URL": os.environ.get("TED_API_URL",
                                      "https://api.ted.europa.eu/v3/notices/search"),
        "TED_CONNECT_TIMEOUT": float(os.environ.get("TED_CONNECT_TIMEOUT", "5")),
        "TED_READ_TIMEOUT": float(os.environ.get("TED_READ_TIMEOUT", "20")),
        "TED_MAX_PAGES": _env_int("TED_MAX_PAGES", 5),
        "TED_RETRIES": _env_int("TED_RETRIES", 2),
        "TED_BACKOFF": float(os.environ.get("TED_BACKOFF", "0.5")),
        "TED_CACHE_SECONDS": _env_int("TED_CACHE_SECONDS", 24 * 3600),
        # Open data (OCDS). The prefix is registered with the Open Contracting Partnership
        # ("ocds-" and six characters); the default is a placeholder.
        "OCDS_PREFIX": os.environ.get("OCDS_PREFIX", "").strip() or "ocds-xxxxxx-procure",
        # Where `export-ocds --bulk` writes the whole package for /open-data to offer.
        "OPEN_DATA_DIR": os.environ.get("OPEN_DATA_DIR") or str(instance / "open-data"),
        # Releases per page of GET /api/v1/ocds/releases.json (links.next names the next).
        "OCDS_PAGE_SIZE": max(1, _env_int("OCDS_PAGE_SIZE", 100)),
        "OCDS_PUBLISHER": os.environ.get("OCDS_PUBLISHER", "").strip() or "Procure",
        "OCDS_LICENSE": os.environ.get("OCDS_LICENSE", "").strip() or None,
        "OCDS_PUBLICATION_POLICY": os.environ.get("OCDS_PUBLICATION_POLICY", "").strip() or None,
        # How many proxies (load balancer, TLS terminator) stand in front of the app.
        "PROXY_COUNT": _env_int("PROXY_COUNT", 0),
        "SEED_DIR": os.environ.get("PROCURE_SEED_DIR")
        or str(Path(__file__).resolve().parent.parent / "data" / "seed"),
    }
