"""Organisation-wide settings that admins change at run time (vetting policy, limits …).

Deployment settings (database, secret key …) come from the environment (``peerlearn.config``);
these live in the database so an admin can change them on a page or through the API.
``app.py`` registers the page and the API.
"""
