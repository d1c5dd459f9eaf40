"""Quiz validation: 1–10 questions, each with distinct choices, a right answer and an
explanation. Every problem is reported on its own field (``quiz.questions.2.choices``).

The stored shape (also the API's)::

    {"pass_mark": 70,
     "questions": [{"kind": "single" | "multiple" | "true_false", "prompt": "…",
                    "choices": ["…", "…"], "correct": [0], "explanation": "…"}]}
"""

from __future__ import annotations

from typing import Any

from peerlearn.errors import ServiceError

KINDS = ("single", "multiple", "true_false")
KIND_LABELS = {
    "single": "One answer",
    "multiple": "Several answers",
    "true_false": "True or false",
}
MAX_QUESTIONS = 10
MAX_CHOICES = 6
DEFAULT_PASS_MARK = 70
TRUE_FALSE = ["True", "False"]
PROMPT_MAX = 300
CHOICE_MAX = 200
EXPLANATION_MAX = 600


class QuizInvalid(ServiceError):
    """Several field errors at once; ``field``/``message`` name the first."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        first_field, first_messages = next(iter(errors.items()))
        super().__init__(first_messages[0], first_field)
        self.errors = errors

    @property
    def fields(self) -> dict[str, list[str]]:
        return self.errors


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _question(raw: Any, prefix: str, errors: dict[str, list[str]]) -> dict[str, Any]:
    def err(name: str, message: str) -> None:
        errors.setdefault(f"{prefix}.{name}", []).append(message)

    raw = raw if isinstance(raw, dict) else {}
    kind = raw.get("kind")
    if kind not in KINDS:
        err("kind", "Choose one answer, several answers, or true/false.")
        kind = "single"
    prompt = _text(raw.get("prompt"))
    if not prompt:
        err("prompt", "Write the question.")
    elif len(prompt) > PROMPT_MAX:
        err("prompt", f"Keep the question under {PROMPT_MAX} characters.")
    raw_choices = raw.get("choices") if isinstance(raw.get("choices"), list) else []
    choices = TRUE_FALSE[:] if kind == "true_false" else [_text(c) for c in raw_choices]
    if kind != "true_false":
        if any(not c for c in choices):
            err("choices", "Fill in every choice, or remove the empty ones.")
        elif len(choices) < 2 or len(choices) > MAX_CHOICES:
            err("choices", f"Give between 2 and {MAX_CHOICES} choices.")
        elif len({c.casefold() for c in choices}) != len(choices):
            err("choices", "Each choice must be different.")
        elif any(len(c) > CHOICE_MAX for c in choices):
            err("choices", f"Keep each choice under {CHOICE_MAX} characters.")
    raw_correct = raw.get("correct") if isinstance(raw.get("correct"), list) else []
    correct = sorted({c for c in raw_correct if isinstance(c, int) and not isinstance(c, bool)})
    if any(c < 0 or c >= len(choices) for c in correct):
        err("correct", "A correct answer points at a choice that does not exist.")
    elif not correct:
        err("correct", "Mark the correct answer.")
    elif kind in ("single", "true_false") and len(correct) != 1:
        err("correct", "Mark exactly one correct answer (or make it a several-answers question).")
    elif kind == "multiple" and len(correct) == len(choices):
        err("correct", "At least one choice should be wrong.")
    explanation = _text(raw.get("explanation"))
    if not explanation:
        err("explanation", "Explain the answer: readers learn most from the why.")
    elif len(explanation) > EXPLANATION_MAX:
        err("explanation", f"Keep the explanation under {EXPLANATION_MAX} characters.")
    return {
        "kind": kind,
        "prompt": prompt,
        "choices": choices,
        "correct": correct,
        "explanation": explanation,
    }


def clean_quiz(raw: Any) -> dict[str, Any] | None:
    """The quiz as stored, ``None`` for no quiz, or :class:`QuizInvalid` with every problem."""
    if raw is None or raw == {} or (isinstance(raw, dict) and not raw.get("questions")):
        return None
    errors: dict[str, list[str]] = {}
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise QuizInvalid({"quiz": ["A quiz is a list of questions and a pass mark."]})
    questions = raw["questions"]
    if len(questions) > MAX_QUESTIONS:
        errors["quiz.questions"] = [f"Use at most {MAX_QUESTIONS} questions: keep it micro."]
    pass_mark = raw.get("pass_mark", DEFAULT_PASS_MARK)
    if pass_mark in (None, ""):
        pass_mark = DEFAULT_PASS_MARK
    if isinstance(pass_mark, bool) or not isinstance(pass_mark, int) or not 1 <= pass_mark <= 100:
        errors["quiz.pass_mark"] = ["Set a pass mark between 1 and 100 (percent)."]
    cleaned = [
        _question(q, f"quiz.questions.{i}", errors) for i, q in enumerate(questions[:MAX_QUESTIONS])
    ]
    if errors:
        raise QuizInvalid(errors)
    return {"pass_mark": pass_mark, "questions": cleaned}


def quiz_from_form(form: Any) -> dict[str, Any] | None:
    """Read the editor's quiz fields (``q-0-prompt``, ``q-0-choice-1``, ``q-0-correct`` …).

    Question slots left entirely blank are skipped; blank choices at the end are dropped.
    """
    questions = []
    for i in range(MAX_QUESTIONS):
        prompt = form.get(f"q-{i}-prompt", "").strip()
        choices = [form.get(f"q-{i}-choice-{j}", "").strip() for j in range(MAX_CHOICES)]
        explanation = form.get(f"q-{i}-explanation", "").strip()
        if not prompt and not any(choices) and not explanation:
            continue
        while choices and not choices[-1]:
            choices.pop()
        correct = [int(v) for v in form.getlist(f"q-{i}-correct") if v.isdigit()]
        questions.append(
            {
                "kind": form.get(f"q-{i}-kind", "single"),
                "prompt": prompt,
                "choices": choices,
                "correct": correct,
                "explanation": explanation,
            }
        )
    if not questions:
        return None
    raw_mark = form.get("pass_mark", "").strip()
    pass_mark: Any = int(raw_mark) if raw_mark.isdigit() else (raw_mark or DEFAULT_PASS_MARK)
    return {"pass_mark": pass_mark, "questions": questions}
