"""Marginalia: read UN peacekeeping documents beside their structure, code them paragraph by paragraph."""

__version__ = "0.1.0"
APP_NAME = "Marginalia"
