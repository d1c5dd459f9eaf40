"""Gamification: points ledger, badges, levels, streaks, leaderboards (rules are data)."""
