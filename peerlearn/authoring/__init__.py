"""Authoring and vetting: drafts, immutable revisions, quizzes, submission, the review queue,
flags, freshness and content requests. What readers share with writers (``Module``,
``ModuleRevision``, ``Tag``, rendering) lives in ``peerlearn.content``.

``app.py`` registers the pages and the API with the application.
"""
