"""Configuration defaults and overrides, and the learning-event record and signal."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerlearn.config import SETTINGS, load_config
from peerlearn.events import LearningEvent, learning_event, record_event
from tests.factories import make_user


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    first = load_config(str(tmp_path))
    second = load_config(str(tmp_path))
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert len(first["SECRET_KEY"]) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'peerlearn.db'}"
    assert load_config(str(tmp_path / "other"))["SECRET_KEY"] != first["SECRET_KEY"]


def test_environment_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db:5432/peerlearn")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("PEERLEARN_SIGNUP_DOMAINS", "Acme.com, @acme.co.uk ,")
    monkeypatch.setenv("PEERLEARN_ORG_NAME", "Acme")
    config = load_config(str(tmp_path))
    assert config["SECRET_KEY"] == "from-env"
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db:5432/peerlearn"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert config["SIGNUP_DOMAINS"] == ["acme.com", "acme.co.uk"]
    assert config["ORG_NAME"] == "Acme"
    assert not (tmp_path / "secret_key").exists()


def test_an_unknown_time_zone_stops_start_up(tmp_path, monkeypatch):
    monkeypatch.setenv("PEERLEARN_TIMEZONE", "Atlantis/Capital")
    with pytest.raises(RuntimeError, match="Atlantis/Capital"):
        load_config(str(tmp_path), {"SECRET_KEY": "x"})


def test_record_event_flushes_and_signals(db):
    user = make_user()
    received = []

    def listener(verb, event):
        received.append((verb, event.id, event.actor_id))

    with learning_event.connected_to(listener):
        event = record_event("module_viewed", user, "module", 7, {"seconds": 12})
    assert event.id is not None
    assert received == [("module_viewed", event.id, user.id)]
    db.session.commit()
    stored = db.session.get(LearningEvent, event.id)
    assert stored.context == {"seconds": 12}
    assert stored.occurred_at.tzinfo is not None


def test_an_event_rolls_back_with_its_transaction(db):
    user = make_user()
    record_event("module_viewed", user, "module", 1)
    db.session.rollback()
    assert db.session.query(LearningEvent).count() == 0


def test_the_readme_documents_every_setting():
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for name, _, _ in SETTINGS:
        assert f"`{name}`" in readme, f"README.md does not document {name}"
