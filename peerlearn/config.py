"""Configuration: safe defaults, overridden by environment variables, then by a test mapping.

Every setting a deployer can change is listed in ``SETTINGS`` (name, default, meaning) so the
README's table and the code cannot drift apart.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# (environment variable, default, description) — the README's settings table mirrors this.
SETTINGS: list[tuple[str, str, str]] = [
    ("DATABASE_URL", "sqlite:///instance/peerlearn.db", "SQLAlchemy URL of the database"),
    ("SECRET_KEY", "generated into instance/secret_key", "signs sessions and CSRF tokens"),
    ("REDIS_URL", "(unset: in-process memory)", "storage for rate limits, shared by workers"),
    ("PEERLEARN_ORG_NAME", "PeerLearn", "organisation name shown in the header"),
    ("PEERLEARN_TIMEZONE", "UTC", "organisation time zone (IANA name) for weeks and months"),
    ("PEERLEARN_SIGNUP_ENABLED", "true", "whether anyone may create an account"),
    (
        "PEERLEARN_SIGNUP_DOMAINS",
        "(unset: any)",
        "comma-separated e-mail domains allowed to sign up",
    ),
    ("PEERLEARN_LOGIN_LIMIT", "10 per 15 minutes", "failed sign-ins allowed per account"),
    ("PEERLEARN_LOGIN_IP_LIMIT", "50 per 15 minutes", "failed sign-ins allowed per address"),
    ("PEERLEARN_SIGNUP_IP_LIMIT", "20 per hour", "sign-up attempts allowed per address"),
    ("PEERLEARN_SECURE_COOKIES", "false", "mark cookies Secure (set to true behind HTTPS)"),
    ("PEERLEARN_PROXY_COUNT", "0", "trusted reverse proxies in front (for client addresses)"),
    ("PEERLEARN_INSTANCE_PATH", "./instance", "folder for the SQLite file and generated key"),
    ("PEERLEARN_SITE_URL", "http://localhost:5000", "public URL; names xAPI activities and ids"),
    ("PEERLEARN_XAPI_ACTOR", "account", "xAPI actor: account (user id) or mbox_sha1sum"),
    ("PEERLEARN_XAPI_LRS_URL", "(unset: no forwarding)", "xAPI LRS endpoint to forward to"),
    ("PEERLEARN_XAPI_LRS_KEY", "(unset)", "the LRS's basic-auth key (user name)"),
    ("PEERLEARN_XAPI_LRS_SECRET", "(unset)", "the LRS's basic-auth secret"),
    (
        "PEERLEARN_TASK_BROKER",
        "sqlite (instance/tasks.sqlite3)",
        "task queue: sqlite, sqlite:////file, redis://host:6379/0, or immediate",
    ),
    (
        "PEERLEARN_EMBEDDED_WORKER",
        "true (SQLite queue)",
        "gunicorn (gunicorn.conf.py) starts a task consumer; not with Redis unless true",
    ),
    (
        "PEERLEARN_SMTP_URL",
        "(unset: write .eml files to instance/outbox)",
        "SMTP server: smtp://user:pass@host:25, smtp+starttls://…:587 or smtps://…:465",
    ),
    (
        "PEERLEARN_SMTP_HOST",
        "(unset)",
        "instead of the URL: host, with PEERLEARN_SMTP_PORT/_USER/_PASSWORD/_TLS",
    ),
    ("PEERLEARN_SMTP_TLS", "starttls", "with PEERLEARN_SMTP_HOST: none, starttls or ssl"),
    ("PEERLEARN_MAIL_FROM", "PeerLearn <peerlearn@localhost>", "sender of every e-mail"),
]


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path) -> str:
    """Return SECRET_KEY from the environment, or one generated once and kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name the old driver; we ship psycopg 3.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://") :]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    instance_path.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{instance_path / 'peerlearn.db'}"


def _smtp_url(env: Any) -> str:
    """``PEERLEARN_SMTP_URL``, or one built from the host/port/user/password/TLS settings."""
    if env.get("PEERLEARN_SMTP_URL"):
        return env["PEERLEARN_SMTP_URL"]
    host = env.get("PEERLEARN_SMTP_HOST", "")
    if not host:
        return ""
    scheme = {"none": "smtp", "ssl": "smtps"}.get(
        env.get("PEERLEARN_SMTP_TLS", "starttls").lower(), "smtp+starttls"
    )
    port = env.get("PEERLEARN_SMTP_PORT") or {"smtp": "25", "smtps": "465"}.get(scheme, "587")
    user = env.get("PEERLEARN_SMTP_USER", "")
    auth = f"{quote(user, safe='')}:{quote(env.get('PEERLEARN_SMTP_PASSWORD', ''), safe='')}@"
    return f"{scheme}://{auth if user else ''}{host}:{port}"


def load_config(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the configuration mapping: defaults < environment < ``overrides``."""
    overrides = dict(overrides or {})
    path = Path(instance_path)
    env = os.environ
    domains = [d.strip().lower() for d in env.get("PEERLEARN_SIGNUP_DOMAINS", "").split(",")]
    config: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": overrides.pop("SQLALCHEMY_DATABASE_URI", None)
        or _database_url(path),
        "SECRET_KEY": overrides.pop("SECRET_KEY", None) or _secret_key(path),
        "ORG_NAME": env.get("PEERLEARN_ORG_NAME", "PeerLearn"),
        "ORG_TIMEZONE": env.get("PEERLEARN_TIMEZONE", "UTC"),
        "SIGNUP_ENABLED": _bool(env.get("PEERLEARN_SIGNUP_ENABLED", "true")),
        "SIGNUP_DOMAINS": [d.lstrip("@") for d in domains if d],
        "LOGIN_LIMIT": env.get("PEERLEARN_LOGIN_LIMIT", "10 per 15 minutes"),
        "LOGIN_IP_LIMIT": env.get("PEERLEARN_LOGIN_IP_LIMIT", "50 per 15 minutes"),
        "SIGNUP_IP_LIMIT": env.get("PEERLEARN_SIGNUP_IP_LIMIT", "20 per hour"),
        "RATELIMIT_STORAGE_URI": env.get("REDIS_URL") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env.get("PEERLEARN_SECURE_COOKIES", "false")),
        "REMEMBER_COOKIE_SECURE": _bool(env.get("PEERLEARN_SECURE_COOKIES", "false")),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # pre-ping: a connection the database dropped (restart, failover) is replaced, not
        # used. A server database gets 10 + 10 connections per process, for gunicorn's 16
        # threads per worker (gunicorn.conf.py).
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "PROXY_COUNT": int(env.get("PEERLEARN_PROXY_COUNT", "0") or 0),
        "WTF_CSRF_TIME_LIMIT": None,
        # Request bodies: the largest thing anyone sends is a module (60,000 characters of
        # Markdown and a quiz); a larger body is a 413 before it is read into memory.
        "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
        "PAGE_SIZE": 25,
        # Each process keeps a leaderboard's top list this long (0: never cached).
        "LEADERBOARD_CACHE_SECONDS": 10,
        # … and the home page's "trending in your department" ranking this long.
        "TRENDING_CACHE_SECONDS": 300,
        # Argon2id cost; None keeps argon2-cffi's defaults (RFC 9106 low memory: t=3, 64 MiB,
        # p=4). Only the test suite lowers it; sign-in rehashes whatever does not match.
        "PASSWORD_HASH_PARAMETERS": None,
        # flask-smorest / OpenAPI
        "API_TITLE": "PeerLearn API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        # reports (peerlearn.reports): xAPI identity and forwarding; secrets stay out of the DB
        "SITE_URL": env.get("PEERLEARN_SITE_URL", "http://localhost:5000"),
        "XAPI_ACTOR": env.get("PEERLEARN_XAPI_ACTOR", "account"),
        "XAPI_LRS_URL": env.get("PEERLEARN_XAPI_LRS_URL", ""),
        "XAPI_LRS_KEY": env.get("PEERLEARN_XAPI_LRS_KEY", ""),
        "XAPI_LRS_SECRET": env.get("PEERLEARN_XAPI_LRS_SECRET", ""),
        # mail (peerlearn.mail): the SMTP server and the sender
        "SMTP_URL": _smtp_url(env),
        "MAIL_FROM": env.get("PEERLEARN_MAIL_FROM", "PeerLearn <peerlearn@localhost>"),
    }
    config.update(overrides)
    if not str(config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        pool = {"pool_size": 10, "max_overflow": 10, **config["SQLALCHEMY_ENGINE_OPTIONS"]}
        config["SQLALCHEMY_ENGINE_OPTIONS"] = pool
    try:
        ZoneInfo(config["ORG_TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise RuntimeError(
            f"PEERLEARN_TIMEZONE={config['ORG_TIMEZONE']!r} is not an IANA time zone"
        ) from exc
    return config
