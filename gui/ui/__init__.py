"""Every widget of Marginalia. The only package that imports Qt."""
