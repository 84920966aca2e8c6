"""Drives the stages: where per-article work runs (executor), and the ingest and synthesis drivers."""
