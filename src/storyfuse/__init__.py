"""storyfuse: turn scraped news articles into consolidated, cited stories, offline."""

__version__ = "0.1.0"
