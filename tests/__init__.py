"""PeerLearn's test suite."""
