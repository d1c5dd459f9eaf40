"""Authoring and vetting: drafts, immutable revisions, quizzes, the review queue, flags."""
