"""The signed-out landing page, the catalog's cards and done markers, the empty-search
state that offers to request the topic, and the path builder's picker data."""

from __future__ import annotations

import re

from peerlearn.extensions import db
from peerlearn.modules.models import Completion
from tests.factories import make_live_module, make_path, make_user


def test_the_signed_out_landing_page_says_what_peerlearn_is(app, client):
    html = client.get("/").get_data(as_text=True)
    assert "How it works" in html and "Teach what you know" in html
    assert 'href="/sign-in"' in html and 'href="/sign-up"' in html
    assert 'id="main-nav"' not in html  # nothing of the signed-in header leaks out


def test_catalog_cards_show_minutes_author_claps_and_a_done_marker(app, client, login_as):
    author = make_user(display_name="Ines Author")
    done = make_live_module(author, title="Finished one", summary="Read and completed.")
    make_live_module(author, title="Unread one")
    reader = make_user()
    db.session.add(Completion(user_id=reader.id, module_id=done.id))
    db.session.commit()
    login_as(reader)
    html = client.get("/modules").get_data(as_text=True)
    cards = dict(
        (re.search(r'<a href="/m/[^"]+">([^<]+)</a>', card).group(1), card)
        for card in html.split('<li class="module-card card')[1:]
    )
    assert set(cards) == {"Finished one", "Unread one"}
    assert "Done</span>" in cards["Finished one"] and "Done</span>" not in cards["Unread one"]
    assert " is-done" in html.split("Finished one")[0].rsplit("<li", 1)[1]
    for card in cards.values():
        assert "min" in card and "Ines Author" in card and "claps</span>" in card
    assert "Read and completed." in cards["Finished one"]
    assert "1 on this page done by you" in html


def test_an_empty_search_offers_to_request_the_topic(app, client, login_as):
    make_live_module(title="Spreadsheets")
    login_as(make_user())
    html = client.get("/modules?q=quantum+knitting").get_data(as_text=True)
    assert "Nothing on “quantum knitting” yet" in html
    link = re.search(r'href="(/requests\?topic=[^"]+)"', html).group(1)
    assert link == "/requests?topic=quantum+knitting#ask"
    form = client.get(link.split("#")[0]).get_data(as_text=True)
    assert 'name="title"' in form and 'value="quantum knitting"' in form
    assert '<details class="card" id="ask" open>' in form


def test_the_path_form_lists_picked_modules_and_its_help_example_resolves(app, client, login_as):
    owner = make_user()
    first = make_live_module(title="First step")
    second = make_live_module(title="Second step")
    path = make_path(owner, [first, second])
    login_as(owner)
    html = client.get(f"/paths/{path.id}/edit").get_data(as_text=True)
    picked = re.findall(r'<li data-slug="([^"]+)" data-title="([^"]+)"', html)
    assert picked == [(first.slug, "First step"), (second.slug, "Second step")]
    assert 'data-search-url="/api/v1/modules"' in html and "js/path-builder.js" in html
    # The help text's two forms (a full address, or the bare name) both resolve.
    lines = f"http://peerlearn.example/m/{second.slug}\n{first.slug}"
    response = client.post(f"/paths/{path.id}/edit", data={"title": "Swapped", "modules": lines})
    assert response.status_code == 302
    db.session.refresh(path)
    assert [item.module_id for item in path.items] == [second.id, first.id]
