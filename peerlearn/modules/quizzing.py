"""Quiz scoring and what a reader may see of a quiz. Pure functions, no database.

A question scores 0..1: ``single`` and ``true_false`` are right or wrong; ``multiple`` earns
partial credit, ``(right picks − wrong picks) / right answers`` (never below 0), so ticking
every box earns nothing. The quiz score is the mean, as a whole percentage.

What an attempt reveals: a failed attempt shows the score and which questions were not
right; the credits, explanations and right choices come with a pass only. The daily attempt
limit is a rolling 24 hours, so no attempt is ever the last: explanations shown after a
"last" failure would hand tomorrow's attempt its answers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from peerlearn.errors import ServiceError


@dataclass(frozen=True)
class QuestionResult:
    """How one answer fared. ``right`` (full credit or not) is always shown; the credit,
    the explanation and the right choices only once revealed (see :func:`withhold`)."""

    prompt: str
    kind: str
    chosen: list[int]
    right: bool
    credit: float | None
    explanation: str | None
    correct: list[int] | None


def withhold(result: QuestionResult) -> QuestionResult:
    """``result`` as a failed attempt shows it: right or not, no credit, explanation or
    right choices — so failing on purpose does not hand out the answers."""
    return replace(result, credit=None, explanation=None, correct=None)


def public_quiz(quiz: dict[str, Any] | None) -> dict[str, Any] | None:
    """The quiz as a reader sees it before submitting: no correct answers, no explanations."""
    if not quiz:
        return None
    return {
        "pass_mark": quiz.get("pass_mark", 70),
        "questions": [
            {"kind": q["kind"], "prompt": q["prompt"], "choices": list(q["choices"])}
            for q in quiz.get("questions", [])
        ],
    }


def clean_answers(quiz: dict[str, Any], answers: Any) -> list[list[int]]:
    """``answers[i]`` = the chosen choice indexes for question ``i``; or a field error."""
    questions = quiz.get("questions", [])
    if not isinstance(answers, list) or len(answers) != len(questions):
        raise ServiceError(f"Answer all {len(questions)} questions.", "answers")
    cleaned: list[list[int]] = []
    for i, (question, raw) in enumerate(zip(questions, answers, strict=True)):
        picks = raw if isinstance(raw, list) else [raw]
        if any(not isinstance(p, int) or isinstance(p, bool) for p in picks):
            raise ServiceError(f"Question {i + 1}: choose from the options.", "answers")
        chosen = sorted(set(picks))
        if not chosen:
            raise ServiceError(f"Question {i + 1} has no answer yet.", "answers")
        if any(p < 0 or p >= len(question["choices"]) for p in chosen):
            raise ServiceError(f"Question {i + 1}: that choice does not exist.", "answers")
        if question["kind"] != "multiple" and len(chosen) != 1:
            raise ServiceError(f"Question {i + 1}: choose exactly one answer.", "answers")
        cleaned.append(chosen)
    return cleaned


def question_credit(question: dict[str, Any], chosen: list[int]) -> float:
    """0..1 for one answer (see the module docstring)."""
    correct = set(question["correct"])
    picked = set(chosen)
    if question["kind"] != "multiple":
        return 1.0 if picked == correct else 0.0
    hits = len(picked & correct)
    misses = len(picked - correct)
    return max(0.0, (hits - misses) / len(correct))


def score_quiz(
    quiz: dict[str, Any], answers: list[list[int]], reveal: bool | None = None
) -> tuple[int, bool, list[QuestionResult]]:
    """Score cleaned ``answers``: ``(score 0–100, passed, per-question results)``. The
    results reveal credit, explanations and right choices when ``reveal`` (by default: when
    passed); otherwise only whether each answer was right."""
    questions = quiz["questions"]
    credits = [question_credit(q, a) for q, a in zip(questions, answers, strict=True)]
    score = round(100 * sum(credits) / len(questions)) if questions else 0
    passed = score >= quiz.get("pass_mark", 70)
    results = [
        QuestionResult(
            prompt=q["prompt"],
            kind=q["kind"],
            chosen=a,
            right=c >= 1.0,
            credit=c,
            explanation=q["explanation"],
            correct=list(q["correct"]),
        )
        for q, a, c in zip(questions, answers, credits, strict=True)
    ]
    if not (passed if reveal is None else reveal):
        results = [withhold(r) for r in results]
    return score, passed, results
