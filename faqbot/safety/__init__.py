"""Noticing danger: urgent-message rules and their word classes, the learned second look, personal advice."""
