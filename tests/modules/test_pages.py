"""The catalog, module page, quiz, claps, comments, bookmarks, My learning, tag, author and
path pages, as a signed-in employee sees them (CSRF off in tests; field errors; empty states)."""

from __future__ import annotations

from sqlalchemy import func, select

from peerlearn.extensions import db
from peerlearn.modules.models import Bookmark, Clap, Completion
from peerlearn.modules.social_models import Comment, LearningPath
from tests.factories import (
    QUIZ_ALL_KINDS,
    make_comment,
    make_live_module,
    make_path,
    make_reviewer,
    make_user,
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_catalog_searches_filters_and_paginates(app, client, login_as):
    app.config["PAGE_SIZE"] = 2
    for i in range(3):
        make_live_module(title=f"Spreadsheet tricks {i}", tags=("excel",))
    make_live_module(title="Giving feedback", tags=("people",))
    login_as(make_user())
    html = client.get("/modules?q=spreadsheet").get_data(as_text=True)
    assert "3 modules" in html and "Page 1 of 2" in html and "Giving feedback" not in html
    html = client.get("/modules?q=spreadsheet&page=2").get_data(as_text=True)
    assert "Page 2 of 2" in html
    html = client.get("/modules?tag=people&sort=claps&origin=bogus&length=x").get_data(as_text=True)
    assert "Giving feedback" in html and "Spreadsheet" not in html
    html = client.get("/modules?q=%22%27%29(*").get_data(as_text=True)
    assert "0 modules" in html or "module" in html
    assert "Nothing on “zzzqqq” yet" in client.get("/modules?q=zzzqqq").get_data(as_text=True)


def test_module_page_records_the_view_and_reading_time(app, client, login_as, reading_clock):
    module = make_live_module(title="Reading rhythm")
    reader = make_user()
    login_as(reader)
    html = client.get(f"/m/{module.slug}").get_data(as_text=True)
    assert "Reading rhythm" in html and "Mark as completed" in html
    assert 'data-reading-url="/m/' in html and "js/reading.js" in html
    assert f'data-view-url="/m/{module.slug}/view"' in html
    assert "Flag it" in html  # authoring's part of the page is kept
    assert client.post(f"/m/{module.slug}/reading", data={"seconds": "5"}).status_code == 409
    assert client.post(f"/m/{module.slug}/view").status_code == 204  # the script, on load
    reading_clock.advance(15)
    assert client.post(f"/m/{module.slug}/reading", data={"seconds": "12.5"}).status_code == 204
    assert client.post(f"/m/{module.slug}/reading", data={"seconds": "x"}).status_code == 400
    response = client.post(f"/m/{module.slug}/complete", data={})
    assert response.status_code == 302
    completion = db.session.execute(select(Completion)).scalar_one()
    assert completion.reading_seconds == 12.5
    html = client.get(f"/m/{module.slug}").get_data(as_text=True)
    assert "You completed this module" in html


def test_quiz_page_flow(app, client, login_as):
    module = make_live_module(quiz=QUIZ_ALL_KINDS)
    login_as(make_user())
    html = client.get(f"/m/{module.slug}").get_data(as_text=True)
    assert 'name="q-1"' in html and 'type="checkbox"' in html and 'type="radio"' in html
    response = client.post(f"/m/{module.slug}/quiz", data={"q-0": "1"})
    assert response.status_code == 422 and "Question 2 has no answer yet" in response.get_data(
        as_text=True
    )
    response = client.post(
        f"/m/{module.slug}/quiz", data={"q-0": "1", "q-1": ["0", "1", "3"], "q-2": "1"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Passed!" in html and "100%" in html
    assert QUIZ_ALL_KINDS["questions"][2]["explanation"] in html
    assert count(Completion) == 1


def test_claps_bookmarks_and_comments_without_scripts(app, client, login_as):
    module = make_live_module()
    reader = make_user()
    login_as(reader)
    assert client.post(f"/m/{module.slug}/claps", data={"count": "3"}).status_code == 302
    assert db.session.scalar(select(Clap.count)) == 3
    client.post(f"/m/{module.slug}/bookmark", data={})
    assert count(Bookmark) == 1
    client.post(f"/m/{module.slug}/bookmark", data={})
    assert count(Bookmark) == 0
    response = client.post(f"/m/{module.slug}/comments", data={"body": ""})
    assert response.status_code == 422 and "This field is required" in response.get_data(
        as_text=True
    )
    client.post(f"/m/{module.slug}/comments", data={"body": "Nice *one*"})
    comment = db.session.execute(select(Comment)).scalar_one()
    html = client.get(f"/m/{module.slug}").get_data(as_text=True)
    assert "<em>one</em>" in html and f'id="comment-{comment.id}"' in html
    assert client.get(f"/comments/{comment.id}/edit").status_code == 200
    client.post(f"/comments/{comment.id}/edit", data={"body": "Edited words"})
    assert "Edited words" in client.get(f"/m/{module.slug}").get_data(as_text=True)
    client.post(f"/comments/{comment.id}/delete", data={})
    assert db.session.get(Comment, comment.id).is_deleted


def test_authors_see_a_disabled_clap_and_can_mark_helpful(app, client, login_as):
    author = make_user()
    module = make_live_module(author)
    comment = make_comment(module)
    login_as(author)
    html = client.get(f"/m/{module.slug}").get_data(as_text=True)
    assert "Authors cannot clap" in html and "Mark helpful" in html
    assert client.post(f"/m/{module.slug}/claps", data={"count": "1"}).status_code == 302
    assert count(Clap) == 0 or db.session.scalar(select(Clap.count)) == 0
    client.post(f"/comments/{comment.id}/helpful", data={"helpful": "1"})
    assert db.session.get(Comment, comment.id).is_helpful


def test_reviewers_hide_comments_with_a_reason(app, client, login_as):
    module = make_live_module()
    comment = make_comment(module, body="Buy my course")
    login_as(make_reviewer())
    assert client.get(f"/comments/{comment.id}/hide").status_code == 200
    response = client.post(f"/comments/{comment.id}/hide", data={"reason": ""})
    assert response.status_code == 422
    client.post(f"/comments/{comment.id}/hide", data={"reason": "Advertising"})
    login_as(make_user())
    html = client.get(f"/m/{module.slug}").get_data(as_text=True)
    assert "Hidden by a reviewer: Advertising" in html and "Buy my course" not in html


def test_my_learning_empty_and_full(app, client, login_as):
    reader = make_user()
    login_as(reader)
    html = client.get("/learning").get_data(as_text=True)
    assert "Nothing in progress" in html and "No bookmarks" in html
    started, done, saved = (make_live_module(title=t) for t in ("Started", "Done", "Saved"))
    for module in (started, done):
        client.get(f"/m/{module.slug}")
        client.post(f"/m/{module.slug}/view")  # what the page's script reports
    client.post(f"/m/{done.slug}/complete", data={})
    client.post(f"/m/{saved.slug}/bookmark", data={})
    path = make_path(modules=[done, started], title="Onboarding path")
    client.post(f"/paths/{path.id}/follow", data={})
    html = client.get("/learning").get_data(as_text=True)
    for text in ("Started", "Done", "Saved", "Onboarding path", "1 of 2 completed"):
        assert text in html


def test_home_panels(app, client, login_as):
    reader = make_user()
    official = make_live_module(title="Expense policy", origin="official", tags=("finance",))
    make_live_module(title="Budget basics", tags=("finance",))
    login_as(reader)
    client.get(f"/m/{official.slug}")
    html = client.get("/").get_data(as_text=True)
    assert "Continue learning" in html and "Expense policy" in html
    client.post(f"/m/{official.slug}/complete", data={})
    html = client.get("/").get_data(as_text=True)
    assert "Budget basics" in html  # for you: unread, on the tag completed most


def test_tag_and_author_pages(app, client, login_as):
    author = make_user(display_name="Ines Author")
    make_live_module(author, title="Tagged one", tags=("security",))
    login_as(make_user())
    assert "Tagged one" in client.get("/tags/security").get_data(as_text=True)
    assert "No published module" in client.get("/tags/nothing-here").get_data(as_text=True)
    html = client.get(f"/people/{author.id}").get_data(as_text=True)
    assert "Ines Author" in html and "Tagged one" in html and "Published modules" in html
    assert client.get("/people/999999").status_code == 404


def test_path_pages(app, client, login_as):
    a, b = make_live_module(), make_live_module()
    owner = make_user()
    login_as(owner)
    assert "No learning path yet" in client.get("/paths").get_data(as_text=True)
    response = client.post(
        "/paths/new", data={"title": "T", "modules": f"/m/{a.slug}\nno-such-module"}
    )
    assert response.status_code == 422 and "Not found: no-such-module" in response.get_data(
        as_text=True
    )
    response = client.post(
        "/paths/new", data={"title": "My path", "modules": f"/m/{b.slug}\n{a.slug}"}
    )
    path = db.session.execute(select(LearningPath)).scalar_one()
    assert response.headers["Location"].endswith(f"/paths/{path.id}")
    assert [item.module_id for item in path.items] == [b.id, a.id]
    assert "My path" in client.get("/paths").get_data(as_text=True)
    assert client.get(f"/paths/{path.id}/edit").status_code == 200
    client.post(f"/paths/{path.id}/edit", data={"title": "Renamed", "modules": a.slug})
    assert db.session.get(LearningPath, path.id).title == "Renamed"
    login_as(make_user())
    assert client.get(f"/paths/{path.id}/edit").status_code == 403
    login_as(owner)
    client.post(f"/paths/{path.id}/delete", data={})
    assert count(LearningPath) == 0


def test_home_shows_the_learners_level_points_and_streak(app, client, login_as):
    from tests.factories import record_learning

    reader = make_user()
    module = make_live_module(title="Expense policy")
    login_as(reader)
    assert "Level 1: Newcomer</strong> · 0 points" in client.get("/").get_data(as_text=True)
    record_learning("module_completed", reader, module.id, author=module.author_id)
    html = client.get("/").get_data(as_text=True)
    assert "Level 1: Newcomer</strong> · 10 points" in html
    assert "40 points to Learner" in html
    assert "1-day streak" in html and "1 badge" in html
