"""Browser tests: a real headless Chromium walks PeerLearn as a person would."""
