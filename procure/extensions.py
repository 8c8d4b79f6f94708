"""Flask extensions, created unbound and initialised in :func:`procure.create_app`."""
from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from procure.db import Base
from procure.netaddress import rate_limit_key

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Storage comes from RATELIMIT_STORAGE_URI: memory for one server, Redis when several
# app servers must share their counts.


def client_key() -> str:
    """The client a rate limit counts: its address, or its IPv6 /64 (see netaddress)."""
    return rate_limit_key(request.remote_addr)


limiter = Limiter(key_func=client_key, default_limits=[])
