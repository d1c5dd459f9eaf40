"""From what a person types to what the index is asked: words, concepts and suggestions.

Plain language first: "how do I claim expenses" is four filler words and two that matter.
Each remaining word becomes a *concept*: the word itself (as a prefix, so "onboard" finds
"onboarding"), its synonyms (:mod:`peerlearn.modules.search_synonyms`) and, when the index
has no word starting with it, the closest indexed word by edit distance ("feedbak" →
"feedback", offered back as "Did you mean …"). A module matches when it matches any concept;
the more concepts it covers the higher it ranks (see :mod:`peerlearn.modules.search`).

User input never reaches a query language raw: terms are letters and digits only (at most a
dozen, 40 characters each), so quotes, operators and huge strings only ever become words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_TERMS = 12
MAX_TERM_LENGTH = 40
PREFIX_FROM = 3  # shorter words match whole words only
_TERM = re.compile(r"[^\W_]+", re.UNICODE)

# Words that say how someone asks, not what they look for.
_FILLER = """a about am an and any are as at be been but by can could did do does doing for from
had has have how i if in into is it its me my of on or our should so than that the their them
then there these they this those to too us was we were what when where which who whom why will
with would you your yours"""
STOP_WORDS = frozenset(_FILLER.split())


def search_terms(query: str | None) -> list[str]:
    """The distinct words of ``query`` (letters and digits, lower case), at most a dozen."""
    terms: list[str] = []
    for word in _TERM.findall((query or "")[:2000]):
        word = word.casefold()[:MAX_TERM_LENGTH]
        if word not in terms:
            terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return terms


def meaningful(terms: list[str]) -> list[str]:
    """``terms`` without filler words (all of them when nothing else is left)."""
    kept = [t for t in terms if t not in STOP_WORDS]
    return kept or terms


@dataclass
class Concept:
    """One thing the person asked for: any of ``alternatives`` (each a phrase of words)."""

    term: str
    alternatives: list[tuple[str, ...]] = field(default_factory=list)
    correction: str | None = None

    def add(self, entry: str) -> None:
        words = tuple(w for w in entry.split() if w)
        if words and words not in self.alternatives:
            self.alternatives.append(words)


def concepts_for(
    terms: list[str], synonyms: dict[str, list[str]], corrections: dict[str, str]
) -> list[Concept]:
    """Group ``terms`` into concepts. A phrase synonym entry ("time off") present in the
    query as consecutive words is one concept."""
    concepts: list[Concept] = []
    i = 0
    while i < len(terms):
        for size in (3, 2):
            phrase = " ".join(terms[i : i + size])
            if len(terms) - i >= size and phrase in synonyms:
                concept = Concept(phrase)
                concept.add(phrase)
                for entry in synonyms[phrase]:
                    concept.add(entry)
                concepts.append(concept)
                i += size
                break
        else:
            term = terms[i]
            concept = Concept(term)
            concept.add(term)
            correction = corrections.get(term)
            if correction:
                concept.correction = correction
                concept.add(correction)
            for word in (term, correction):
                for entry in synonyms.get(word or "", []):
                    concept.add(entry)
            concepts.append(concept)
            i += 1
    return concepts


def fts5_query(concept: Concept) -> str:
    """The concept as an FTS5 expression: each word quoted (never syntax), a prefix when it
    is long enough; a phrase's words all present."""

    def word(w: str) -> str:
        return f'"{w}"*' if len(w) >= PREFIX_FROM else f'"{w}"'

    phrases = ("(" + " AND ".join(word(w) for w in alt) + ")" for alt in concept.alternatives)
    return " OR ".join(phrases)


def tsquery(concept: Concept) -> str:
    """The concept for PostgreSQL's ``to_tsquery('english', …)``: words are letters and
    digits only, so they cannot be operators; stop words drop out there."""

    def word(w: str) -> str:
        return f"{w}:*" if len(w) >= PREFIX_FROM else w

    phrases = ("(" + " & ".join(word(w) for w in alt) + ")" for alt in concept.alternatives)
    return " | ".join(phrases)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b`` (with transpositions), or ``limit + 1`` as
    soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_typos(term: str) -> int:
    """How many edits a word may be away from what it misspells."""
    return 0 if len(term) < 4 else 1 if len(term) < 7 else 2


def closest(term: str, candidates: list[str]) -> str | None:
    """The candidate nearest ``term`` within :func:`allowed_typos` (ties: the longer shared
    start, then alphabetical), or ``None``."""
    limit = allowed_typos(term)
    best: tuple[int, int, str] | None = None
    for word in candidates:
        if word == term:
            continue
        distance = edit_distance(term, word, limit)
        if distance > limit:
            continue
        pairs = enumerate(zip(term, word, strict=False))
        shared = next((k for k, (x, y) in pairs if x != y), len(word))
        key = (distance, -shared, word)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def suggestion_text(terms: list[str], corrections: dict[str, str]) -> str | None:
    """The query as it would read corrected ("Did you mean …"), when anything was."""
    if not any(t in corrections for t in terms):
        return None
    return " ".join(corrections.get(t, t) for t in terms)
