"""storyfuse.evaluate stage."""
