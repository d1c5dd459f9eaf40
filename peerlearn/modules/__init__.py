"""Reading and learning: the published catalog, search, the module page, completion, quizzes,
claps, comments, bookmarks, learning paths and My learning.

``app.py`` registers the pages, the API and the search-index subscriber.
"""
