"""Metadata audit over real pages (issue #22): titles, sources, dates and authors, beside trafilatura's.

For each page of an extraction dev set (`html/*.html.gz`) it reads storyfuse's metadata
(`storyfuse.extract.html_meta`, what `extract_html` reports) and trafilatura's
(`trafilatura.extract_metadata`) in the same run and counts:

- titles found, titles that match the page's own `<title>` or an `h1` (the same text, a truncated or
  site-suffixed copy), titles holding markup, one- or two-word titles (labels more often than headlines);
- pages carrying any site cue (`og:site_name`, `application-name`, JSON-LD `publisher`, a canonical or
  `og:url` link, a `<title>` with a separator, a copyright line, `twitter:site`) and pages with a source;
- dated pages (and by which cue), pages with an author.

    .venv/bin/python bench/metadata.py --data ../shared/data/extraction/dragnet [--show 20]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from lxml import etree

from storyfuse.evaluate.datasets.extraction import iter_pages
from storyfuse.extract import html_meta, metadata, patterns
from storyfuse.extract.html import parse_page
from storyfuse.extract.text_mode import similar_title

_MARKUP = re.compile(r"<[^>]*>|&[a-z]+;|&#\d+;|[<>]")
_COPYRIGHT = re.compile(r"©|&copy;|\bcopyright\b", re.IGNORECASE)


def matches_page(title: str | None, cues: html_meta.PageCues) -> bool:
    """The title is the page's own `<title>` or an `h1` (or a truncated, site-suffixed copy of one)."""
    if not title:
        return False
    own = [cues.title_tag or "", *cues.h1s]
    return any(
        similar_title(title, text) or metadata.squash(title) in metadata.squash(text) for text in own if text
    )


def has_site_cue(tree: etree._Element, cues: html_meta.PageCues, url: str | None) -> bool:
    meta = cues.meta
    return bool(
        url
        or cues.canonical
        or cues.publisher
        or any(meta.get(key) for key in ("og:site_name", "application-name", "twitter:site"))
        or (cues.title_tag and len(metadata.TITLE_SEPARATORS.split(cues.title_tag)) > 1)
        or _COPYRIGHT.search(" ".join(tree.itertext()))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, required=True, help="an extraction dev set (ground-truth.json, html/)"
    )
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", type=int, default=0, help="print this many pages' fields to read by hand")
    args = parser.parse_args()
    import trafilatura

    ours: Counter[str] = Counter()
    theirs: Counter[str] = Counter()
    methods: Counter[str] = Counter()
    pages = 0
    for page in iter_pages(args.data, args.limit):
        tree = parse_page(page.html)
        if tree is None:
            continue
        pages += 1
        cues = html_meta.page_cues(tree)
        site = html_meta.html_site(cues, tree, page.url)
        title = html_meta.html_title(cues, site)
        published = html_meta.html_date(tree, cues, page.url, None)
        authors = html_meta.html_authors(cues, tree, site)
        cue = has_site_cue(tree, cues, page.url)
        found = trafilatura.extract_metadata(page.html, default_url=page.url)
        t_title = found.title if found else None
        t_site = found.sitename if found else None
        for counts, (a_title, a_site, dated, author) in (
            (ours, (title, site, published is not None, bool(authors))),
            (theirs, (t_title, t_site, bool(found and found.date), bool(found and found.author))),
        ):
            counts["title"] += bool(a_title)
            counts["title matches <title>/h1"] += matches_page(a_title, cues)
            counts["title with markup"] += bool(a_title and _MARKUP.search(a_title))
            counts["title of 1-2 words"] += bool(a_title and len(patterns.WORD.findall(a_title)) <= 2)
            counts["site cue"] += cue
            counts["source, of pages with a site cue"] += bool(cue and a_site)
            counts["source"] += bool(a_site)
            counts["dated"] += dated
            counts["author"] += author
        if published is not None:
            methods[published.method] += 1
        if pages <= args.show:
            print(f"{page.page_id}: title={title!r} (trafilatura {t_title!r})")
            print(f"    source={site!r} (trafilatura {t_site!r}) date={published} authors={authors}")
    print(f"{pages} pages of {args.data}")
    print(f"{'':36} {'storyfuse':>10} {'trafilatura':>12}")
    for key in ours:
        print(f"{key:36} {ours[key]:>10} {theirs[key]:>12}")
    share = ours["source, of pages with a site cue"] / max(1, ours["site cue"])
    t_share = theirs["source, of pages with a site cue"] / max(1, theirs["site cue"])
    print(f"{'source share of pages with a cue':36} {share:>10.3f} {t_share:>12.3f}")
    print("date cues:", dict(methods.most_common()))


if __name__ == "__main__":
    main()
