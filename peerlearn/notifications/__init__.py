"""In-app notifications: a list with an unread count in the header, shared by features.

``app.py`` registers the page, the API and the header's unread count.
"""
