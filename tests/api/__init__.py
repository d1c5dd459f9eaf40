"""Tests of peerlearn.api."""
