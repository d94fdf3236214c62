"""Small widgets and colours the other parts share: swatches, plain labels, the palette."""
