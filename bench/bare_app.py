"""A bare Flask page, served by the same gunicorn settings as PeerLearn: the baseline that
``bench/load.py`` compares PeerLearn's latencies with."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> dict[str, str]:
    """The cheapest page Flask can answer: no database, no template."""
    return {"status": "ok"}
