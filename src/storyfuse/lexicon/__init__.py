"""Shared vocabulary below every stage: calendars and function words. Word lists that more than one
stage reads live here once; a list only one module needs stays beside its rule."""
