"""storyfuse.evaluate.datasets stage."""
