"""Renderers: the same result objects as rich text for people and JSON for scripts."""
