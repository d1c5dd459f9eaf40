"""Tests of the gamification engine: the pure core first (no app), then its adapters."""
