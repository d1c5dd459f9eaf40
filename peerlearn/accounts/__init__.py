"""Accounts: users, departments, roles, sign-in, API tokens and privacy settings.

``app.py`` registers the pages, the admin pages and the API with the application.
"""
