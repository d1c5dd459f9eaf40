"""HR engagement reports: dashboards, charts, and CSV/XLSX/xAPI exports."""
