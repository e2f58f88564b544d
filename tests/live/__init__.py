"""Tests against a running server: the browser tests and a real LanguageTool client."""
