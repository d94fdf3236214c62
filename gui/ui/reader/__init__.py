"""Reading a document: the reader, its margin and inline marks, the structure outline, the printed page beside it."""
