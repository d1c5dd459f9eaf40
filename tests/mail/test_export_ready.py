"""A background export runs on the task queue and tells whoever asked that it is ready."""

from __future__ import annotations

from peerlearn.mail.preferences import set_preferences
from peerlearn.permissions import Role
from tests.factories import make_user
from tests.mail.conftest import parts


def test_the_requester_hears_that_the_export_is_ready(app, db, client, login_as, mailbox):
    hr = make_user(Role.HR, email="hr@example.com")
    login_as(hr)
    response = client.post("/api/v1/reports/jobs", json={"kind": "modules", "format": "csv"})
    assert response.status_code == 202
    job_id = response.get_json()["id"]
    assert client.get(f"/api/v1/reports/jobs/{job_id}").get_json()["state"] == "done"
    [message] = mailbox.to("hr@example.com")
    assert message["Subject"] == "Your export is ready"
    text, html = parts(message)
    assert f"http://localhost:5000/reports/jobs/{job_id}" in text
    assert "Download the export" in html

    set_preferences(hr, hr.id, {"exports": "off"})
    db.session.commit()
    client.post("/api/v1/reports/jobs", json={"kind": "modules", "format": "csv"})
    assert len(mailbox.to("hr@example.com")) == 1
