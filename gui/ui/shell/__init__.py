"""The window's frame: start-up, the main window and its menus, the one place that wires the parts together."""
