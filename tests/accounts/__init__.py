"""Tests of peerlearn.accounts."""
