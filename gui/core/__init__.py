"""Pure-Python heart of Marginalia: document model, structure extraction, anchoring. No Qt here."""
