"""storyfuse.present stage."""
