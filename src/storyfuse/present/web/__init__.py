"""The web app (`storyfuse serve`) and the pages, charts and templates it shares with `storyfuse report`."""
