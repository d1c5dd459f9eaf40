"""Quiz scoring for every question type, attempts (cooldown, daily limit), events, and that
correct answers never reach the browser before submission."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from peerlearn.errors import Conflict, ServiceError
from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.modules import reading
from peerlearn.modules.models import QuizAttempt
from peerlearn.modules.quizzing import clean_answers, public_quiz, question_credit, score_quiz
from peerlearn.organisation.services import update_settings
from tests.factories import QUIZ_ALL_KINDS, make_live_module, make_user

SINGLE, MULTIPLE, TRUE_FALSE = QUIZ_ALL_KINDS["questions"]
RIGHT = [[1], [0, 1, 3], [1]]


@pytest.mark.parametrize(
    ("question", "chosen", "credit"),
    [
        (SINGLE, [1], 1.0),
        (SINGLE, [0], 0.0),
        (TRUE_FALSE, [1], 1.0),
        (TRUE_FALSE, [0], 0.0),
        (MULTIPLE, [0, 1, 3], 1.0),
        (MULTIPLE, [0, 1], pytest.approx(2 / 3)),
        (MULTIPLE, [0, 1, 2], pytest.approx(1 / 3)),  # two right, one wrong
        (MULTIPLE, [0, 1, 2, 3], pytest.approx(2 / 3)),
        (MULTIPLE, [2], 0.0),  # never below zero
    ],
)
def test_question_credit(question, chosen, credit):
    assert question_credit(question, chosen) == credit


def test_score_and_pass_mark():
    score, passed, results = score_quiz(QUIZ_ALL_KINDS, RIGHT)
    assert (score, passed) == (100, True)
    assert [r.correct for r in results] == [[1], [0, 1, 3], [1]]
    score, passed, results = score_quiz(QUIZ_ALL_KINDS, [[1], [0, 1], [0]])
    assert (score, passed) == (56, False)  # (1 + 2/3 + 0) / 3
    # a failed attempt shows which answers were wrong, nothing more
    assert [r.right for r in results] == [True, False, False]
    assert all(r.correct is None and r.explanation is None for r in results)
    assert all(r.credit is None for r in results)
    _, _, revealed = score_quiz(QUIZ_ALL_KINDS, [[1], [0, 1], [0]], reveal=True)
    assert revealed[2].explanation == TRUE_FALSE["explanation"]
    assert revealed[1].credit == pytest.approx(2 / 3) and revealed[1].correct == [0, 1, 3]


@pytest.mark.parametrize(
    "answers",
    [
        None,
        [],
        [[1]],
        [[1], [0], [1], [1]],
        [[5], [0], [1]],
        [[0, 1], [0], [1]],
        [["a"], [0], [1]],
        [[], [0], [1]],
        [[True], [0], [1]],
        "1,2,3",
    ],
)
def test_malformed_answers_are_field_errors(answers):
    with pytest.raises(ServiceError) as info:
        clean_answers(QUIZ_ALL_KINDS, answers)
    assert info.value.field == "answers"


def test_public_quiz_has_no_answers():
    shown = public_quiz(QUIZ_ALL_KINDS)
    text = repr(shown)
    assert "correct" not in text and "explanation" not in text
    assert SINGLE["explanation"] not in text
    assert shown["questions"][1]["choices"] == MULTIPLE["choices"]


def _events(verb):
    return list(
        db.session.execute(select(LearningEvent).where(LearningEvent.verb == verb)).scalars()
    )


def test_fail_cooldown_retry_pass_completes(app):
    author = make_user()
    module = make_live_module(author, quiz=QUIZ_ALL_KINDS, tags=("sql",))
    reader = make_user()
    reading.view_module(reader, module)
    first = reading.attempt_quiz(reader, module, [[0], [2], [0]])
    assert not first.attempt.passed and first.completion is None
    with pytest.raises(Conflict, match="re-read"):
        reading.attempt_quiz(reader, module, RIGHT)
    first.attempt.created_at -= timedelta(minutes=6)
    db.session.flush()
    second = reading.attempt_quiz(reader, module, RIGHT)
    db.session.commit()
    assert second.attempt.passed and second.attempt.number == 2
    assert second.completion.score == 100 and second.completion.method == "quiz"
    attempted = _events("quiz_attempted")
    assert [(e.context["attempt"], e.context["passed"], e.context["score"]) for e in attempted] == [
        (1, False, 0),
        (2, True, 100),
    ]
    (passed,) = _events("quiz_passed")
    assert passed.context["first_try"] is False and passed.context["score"] == 100
    (completed,) = _events("module_completed")
    assert completed.context["score"] == 100 and completed.context["author_id"] == author.id
    assert isinstance(completed.context["reading_seconds"], float)
    with pytest.raises(Conflict, match="passed"):
        reading.attempt_quiz(reader, module, RIGHT)


def test_first_try_pass(app):
    module = make_live_module(quiz=QUIZ_ALL_KINDS)
    result = reading.attempt_quiz(make_user(), module, RIGHT)
    assert result.attempt.passed
    assert _events("quiz_passed")[0].context["first_try"] is True


def test_daily_limit(app):
    admin = make_user("admin")
    update_settings(admin, {"quiz_retry_cooldown_minutes": 0, "quiz_attempts_per_day": 2})
    module = make_live_module(quiz=QUIZ_ALL_KINDS)
    reader = make_user()
    reading.attempt_quiz(reader, module, [[0], [2], [0]])
    reading.attempt_quiz(reader, module, [[0], [2], [0]])
    with pytest.raises(Conflict, match="all 2 attempts"):
        reading.attempt_quiz(reader, module, RIGHT)
    for attempt in db.session.execute(select(QuizAttempt)).scalars():
        attempt.created_at -= timedelta(days=1, minutes=1)
    db.session.flush()
    assert reading.attempt_quiz(reader, module, RIGHT).attempt.passed


def test_answers_are_not_in_the_page_or_the_api_before_submission(app, client, login_as):
    module = make_live_module(quiz=QUIZ_ALL_KINDS)
    login_as(make_user())
    page = client.get(f"/m/{module.slug}").get_data(as_text=True)
    quiz = client.get(f"/api/v1/modules/{module.id}/quiz").get_json()
    detail = client.get(f"/api/v1/modules/{module.id}").get_data(as_text=True)
    for question in QUIZ_ALL_KINDS["questions"]:
        assert question["prompt"] in page
        assert question["explanation"] not in page
        assert question["explanation"] not in detail
    assert "correct" not in repr(quiz) and "explanation" not in repr(quiz)
    assert quiz["questions"][0]["choices"] == SINGLE["choices"]
    assert quiz["status"]["can_attempt"] is True
    form = page[page.index('class="quiz"') : page.index("Submit answers")]
    assert "correct" not in form.lower() and "checked" not in form
    # after a failed submission: which answers were wrong, not the answers or explanations
    failed = client.post(
        f"/api/v1/modules/{module.id}/quiz/attempts", json={"answers": [[0], [2], [0]]}
    ).get_json()
    assert failed["passed"] is False and failed["revealed"] is False
    assert [r["right"] for r in failed["results"]] == [False, False, False]
    assert all(r["correct"] is None and r["explanation"] is None for r in failed["results"])
    assert all(r["credit"] is None for r in failed["results"])


def test_the_last_attempt_of_the_day_reveals_nothing_a_pass_reveals_all(app):
    """The limit is a rolling 24 hours: a "last" attempt that explained the answers would
    hand the next day's attempt a pass (issue 10, item 7)."""
    admin = make_user("admin")
    update_settings(admin, {"quiz_retry_cooldown_minutes": 0, "quiz_attempts_per_day": 2})
    module = make_live_module(quiz=QUIZ_ALL_KINDS)
    reader = make_user()
    for _ in range(2):
        failed = reading.attempt_quiz(reader, module, [[0], [2], [0]])
        assert not failed.revealed and not failed.attempt.passed
        assert all(r.explanation is None and r.correct is None for r in failed.results)
    passing = reading.attempt_quiz(make_user(), module, [[1], [0, 1, 3], [1]])
    assert passing.revealed and passing.attempt.passed
    assert [r.explanation for r in passing.results] == [
        q["explanation"] for q in QUIZ_ALL_KINDS["questions"]
    ]
