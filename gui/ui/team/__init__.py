"""Working as a team: comparing coders, agreement, the overview, exporting and merging a colleague's work."""
