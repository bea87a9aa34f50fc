"""Helpers of the tests/py regression suite: .t/.payload parsing, netns driver."""
