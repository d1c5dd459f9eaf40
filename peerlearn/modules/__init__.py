"""The published catalog: search, reading, completion, quizzes, claps, comments, paths."""
