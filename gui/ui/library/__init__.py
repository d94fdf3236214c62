"""The library: the document list and what is done to it, imports, outside changes, and search."""
