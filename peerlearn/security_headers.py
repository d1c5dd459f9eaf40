"""Security headers on every response (issue 14).

- ``Content-Security-Policy``: scripts, styles, images, fonts and connections from this site
  only; no inline script anywhere (the pages have none, and a test in a real browser checks
  that no violation is reported). Style *attributes* are allowed (``style-src-attr``): one
  component sets a progress bar's width with ``style="width: N%"``; ``<style>`` elements and
  stylesheets from elsewhere stay refused. ``frame-ancestors 'none'`` (and the older
  ``X-Frame-Options: DENY``) keeps the site out of other sites' frames.
- ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: strict-origin-when-cross-origin``,
  ``Permissions-Policy`` turning off powerful features the product never uses, and
  ``Cross-Origin-Opener-Policy: same-origin``.
- ``Strict-Transport-Security`` when the deployment says it is served over HTTPS
  (``PEERLEARN_SECURE_COOKIES=true``) or the request arrived over HTTPS.
- ``Cache-Control: no-store`` on everything but static files, unless the view chose its own
  caching: almost every page shows personal data (the header alone names the person and
  their points), and pages such as the API token page show secrets.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "midi",
        "magnetometer",
        "gyroscope",
        "accelerometer",
    )
)
HSTS = "max-age=31536000; includeSubDomains"
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    """After every request: the headers above (a view's own values win)."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure or current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static" and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Add the headers to every response ``app`` sends."""
    app.after_request(add_security_headers)
