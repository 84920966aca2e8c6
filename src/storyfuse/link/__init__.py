"""storyfuse.link stage."""
