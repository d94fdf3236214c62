"""Coding: the codebook and Themes panel, tagging and notes, and the undoable commands behind every edit."""
