"""Tests of peerlearn.demo, the demo organisation."""
