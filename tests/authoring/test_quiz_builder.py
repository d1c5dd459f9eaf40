"""The editor's quiz builder and preview: one reading-time estimate everywhere, the quiz in
the preview, and a quiz form that still works without scripts."""

from __future__ import annotations

from sqlalchemy import select

from peerlearn.content.models import Module
from tests.authoring.test_pages_and_api import editor_form
from tests.factories import DEFAULT_BODY, make_user

FOUR_QUESTIONS = {
    "pass_mark": 75,
    "questions": [
        {
            "kind": "true_false",
            "prompt": f"Statement {n} is true?",
            "choices": ["True", "False"],
            "correct": [0],
            "explanation": "As the lesson says.",
        }
        for n in range(4)
    ],
}


def quiz_fields(quiz: dict) -> dict[str, str]:
    """The editor's field names for ``quiz`` (what the builder's slots submit)."""
    fields = {"pass_mark": str(quiz["pass_mark"])}
    for i, q in enumerate(quiz["questions"]):
        fields |= {
            f"q-{i}-kind": q["kind"],
            f"q-{i}-prompt": q["prompt"],
            f"q-{i}-explanation": q["explanation"],
            f"q-{i}-correct": str(q["correct"][0]),
        }
        fields |= {f"q-{i}-choice-{j}": c for j, c in enumerate(q["choices"])}
    return fields


def test_preview_and_saved_module_agree_on_minutes_with_a_quiz(client, db, login_as):
    login_as(make_user())
    body = DEFAULT_BODY * 4  # ~190 words: under a minute of reading alone
    preview = client.post(
        "/api/v1/authoring/preview", json={"body_markdown": body, "quiz": FOUR_QUESTIONS}
    ).get_json()
    bare = client.post("/api/v1/authoring/preview", json={"body_markdown": body}).get_json()
    assert bare["estimated_minutes"] == 1
    assert preview["estimated_minutes"] == 3  # four questions add two minutes

    form = {k: v for k, v in editor_form(body_markdown=body).items() if not k.startswith("q-")}
    saved = client.post("/write", data=form | quiz_fields(FOUR_QUESTIONS))
    assert saved.status_code == 302
    module = db.session.execute(select(Module)).scalar_one()
    assert module.draft_revision.estimated_minutes == preview["estimated_minutes"]
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert 'id="preview-minutes" aria-live="polite">about 3 min<' in page


def test_a_half_written_quiz_still_counts_in_the_preview(client, db, login_as):
    login_as(make_user())
    half = {"questions": [{"prompt": f"Unfinished {n}"} for n in range(4)]}
    preview = client.post(
        "/api/v1/authoring/preview", json={"body_markdown": "", "quiz": half}
    ).get_json()
    assert preview["estimated_minutes"] == 2  # 4 × ½ minute, though none is valid yet


def test_the_editor_previews_the_quiz_and_enhances_the_slots(client, db, login_as):
    login_as(make_user())
    saved = client.post("/write", data=editor_form())
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    preview = page.split('id="quiz-preview"', 1)[1].split("</section>", 1)[0]
    assert "Which is larger?" in preview and "Gross pay" in preview and "Net pay" in preview
    assert "data-quiz-builder" in page and "js/quiz-builder.js" in page
    # Without scripts every slot is on the page, so any number of questions can be written.
    assert page.count("data-question=") == 10 and 'name="q-9-choice-5"' in page


def test_a_true_false_question_needs_no_typed_choices(client, db, login_as):
    """The builder's preset fills True/False; the server needs nothing typed either."""
    login_as(make_user())
    form = editor_form()
    for key in ("q-0-choice-0", "q-0-choice-1"):
        form.pop(key)
    form |= {"q-0-kind": "true_false", "q-0-prompt": "Net pay is larger.", "q-0-correct": "1"}
    assert client.post("/write", data=form).status_code == 302
    quiz = db.session.execute(select(Module)).scalar_one().draft_revision.quiz
    assert quiz["questions"][0]["choices"] == ["True", "False"]
    assert quiz["questions"][0]["correct"] == [1]
