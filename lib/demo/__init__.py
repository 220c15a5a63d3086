"""Built-in synthetic demo: real district outlines, synthetic blocks and indicator series."""
