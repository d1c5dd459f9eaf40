"""HR reports: dashboards with charts, CSV/XLSX/xAPI exports, retention and xAPI forwarding.

Reads ``learning_event`` and the content and gamification models; owns its roll-up,
export-job, access-log and forwarding tables. ``app.py`` registers the pages and API.
"""
