"""Quiz validation: shapes that pass, and a clear field error for each mistake."""

from __future__ import annotations

import copy

import pytest
from werkzeug.datastructures import MultiDict

from peerlearn.authoring.quiz import QuizInvalid, clean_quiz, quiz_from_form


def question(**overrides):
    base = {
        "kind": "single",
        "prompt": "What is 2 + 2?",
        "choices": ["3", "4", "5"],
        "correct": [1],
        "explanation": "Two and two make four.",
    }
    return {**base, **overrides}


def quiz(*questions, pass_mark=70):
    return {"pass_mark": pass_mark, "questions": list(questions) or [question()]}


def errors_of(raw) -> dict[str, list[str]]:
    with pytest.raises(QuizInvalid) as caught:
        clean_quiz(raw)
    return caught.value.fields


def test_no_quiz_is_fine():
    assert clean_quiz(None) is None
    assert clean_quiz({}) is None
    assert clean_quiz({"pass_mark": 70, "questions": []}) is None


def test_a_valid_quiz_is_normalised():
    raw = quiz(
        question(prompt="  What   is 2+2? "),
        question(kind="multiple", choices=["a", "b", "c"], correct=[2, 0, 0]),
        question(kind="true_false", choices=[], correct=[0]),
        pass_mark=80,
    )
    cleaned = clean_quiz(raw)
    assert cleaned["pass_mark"] == 80
    assert cleaned["questions"][0]["prompt"] == "What is 2+2?"
    assert cleaned["questions"][1]["correct"] == [0, 2]
    assert cleaned["questions"][2]["choices"] == ["True", "False"]


def test_pass_mark_defaults_to_70():
    raw = quiz()
    del raw["pass_mark"]
    assert clean_quiz(raw)["pass_mark"] == 70


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "essay"}, "kind"),
        ({"prompt": "  "}, "prompt"),
        ({"prompt": "x" * 301}, "prompt"),
        ({"choices": ["only one"], "correct": [0]}, "choices"),
        ({"choices": ["a", "", "c"]}, "choices"),
        ({"choices": ["Yes", "yes"], "correct": [0]}, "choices"),
        ({"choices": [str(i) for i in range(7)], "correct": [0]}, "choices"),
        ({"correct": []}, "correct"),
        ({"correct": [7]}, "correct"),
        ({"correct": [0, 1]}, "correct"),
        ({"kind": "multiple", "correct": [0, 1, 2]}, "correct"),
        ({"kind": "true_false", "correct": [0, 1]}, "correct"),
        ({"explanation": ""}, "explanation"),
    ],
)
def test_each_mistake_names_its_field(change, field):
    raw = quiz(question(), question(**change))
    assert list(errors_of(raw)) == [f"quiz.questions.1.{field}"]


def test_every_problem_is_reported_at_once():
    raw = quiz(question(prompt=""), question(explanation="", correct=[]), pass_mark=0)
    assert set(errors_of(raw)) == {
        "quiz.pass_mark",
        "quiz.questions.0.prompt",
        "quiz.questions.1.correct",
        "quiz.questions.1.explanation",
    }


def test_at_most_ten_questions():
    assert "quiz.questions" in errors_of(quiz(*[question() for _ in range(11)]))
    assert len(clean_quiz(quiz(*[question() for _ in range(10)]))["questions"]) == 10


@pytest.mark.parametrize("raw", [[1, 2], {"questions": "x"}, "quiz"])
def test_wrong_shapes_are_refused(raw):
    assert "quiz" in errors_of(raw)


def test_validation_does_not_change_its_input():
    raw = quiz(question(prompt="  spaced  "))
    before = copy.deepcopy(raw)
    clean_quiz(raw)
    assert raw == before


def test_the_editor_form_becomes_a_quiz():
    form = MultiDict(
        [
            ("pass_mark", "60"),
            ("q-0-kind", "multiple"),
            ("q-0-prompt", "Pick two"),
            ("q-0-choice-0", "a"),
            ("q-0-choice-1", "b"),
            ("q-0-choice-2", "c"),
            ("q-0-correct", "0"),
            ("q-0-correct", "2"),
            ("q-0-explanation", "a and c"),
            ("q-2-kind", "true_false"),
            ("q-2-prompt", "Sky is blue"),
            ("q-2-correct", "0"),
            ("q-2-explanation", "Mostly."),
        ]
    )
    cleaned = clean_quiz(quiz_from_form(form))
    assert cleaned["pass_mark"] == 60
    assert [q["kind"] for q in cleaned["questions"]] == ["multiple", "true_false"]
    assert cleaned["questions"][0]["choices"] == ["a", "b", "c"]
    assert cleaned["questions"][0]["correct"] == [0, 2]
    assert quiz_from_form(MultiDict()) is None
