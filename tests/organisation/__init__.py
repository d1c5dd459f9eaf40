"""Tests of peerlearn.organisation."""
