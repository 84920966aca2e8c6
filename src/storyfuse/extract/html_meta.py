"""An HTML page's metadata, each field decided from the cues the page carries (news-please's comparer idea).

- title: `og:title`, JSON-LD `headline`, the `h1`s and `<title>` (less the site name); the one most
  other cues agree with wins, never a site or section label, never markup;
- source: `og:site_name`, JSON-LD `publisher`, the registered domain of the page's URL (given, or its
  canonical link), the site part of `<title>`, a copyright line, the Twitter handle;
- published: meta tags, JSON-LD, `<time>` elements, then htmldate over the page without its scripts
  and comments (an analytics snippet's date is not the story's), then the URL;
- authors: meta tags, JSON-LD `author`, `rel=author`/`itemprop=author` elements, a byline.
"""

from __future__ import annotations

import html as html_entities
import json
import re
from copy import deepcopy
from dataclasses import dataclass, field
from itertools import chain

from lxml import etree

from storyfuse.extract import metadata, patterns
from storyfuse.extract.text_mode import similar_title
from storyfuse.model import DateGuess

_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# What is left of markup after its tags are gone: stray angle brackets, entity or attribute debris.
_MARKUP_DEBRIS = re.compile(r"[<>]|&[a-z]+;|&#\d+;|\b(?:href|class|style|src)\s*=", re.IGNORECASE)

_TITLE_META = ("og:title", "twitter:title", "dc.title", "headline", "title")
_SITE_META = ("og:site_name", "application-name", "dc.publisher", "publisher")
_AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl")
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "published_time",
    "og:published_time",
    "cxenseparse:recs:publishtime",
)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|&copy;|copyright)\s*(?:©\s*)?(?:(?:19|20)\d{2}\s*(?:[-–]\s*(?:19|20)\d{2})?\s*,?\s*)?"
    r"(?P<name>[A-Z][\w&'.\- ]{1,60}?)\s*(?:[.,|]|all\s+rights|$)",
    re.IGNORECASE,
)


@dataclass
class PageCues:
    """What the page says about itself, read once from its tree."""

    meta: dict[str, str]
    headline: str | None = None  # JSON-LD
    published: str | None = None  # JSON-LD datePublished
    publisher: str | None = None  # JSON-LD publisher name
    ld_authors: list[str] = field(default_factory=list)
    canonical: str | None = None  # <link rel=canonical> or og:url
    title_tag: str | None = None
    h1s: list[str] = field(default_factory=list)
    tree: etree._Element | None = None
    _link_labels: set[str] | None = None

    @property
    def link_labels(self) -> set[str]:
        """Short link texts (menu entries), squashed; read only when a title needs them."""
        if self._link_labels is None:
            anchors = self.tree.iter("a") if self.tree is not None else iter(())
            texts = (text_of(anchor) for anchor in anchors)
            self._link_labels = {metadata.squash(text) for text in texts if text and len(text) <= 40}
        return self._link_labels


def text_of(element: etree._Element) -> str:
    return _SPACES.sub(" ", "".join(str(piece) for piece in element.itertext())).strip()


def plain(value: str | None) -> str | None:
    """A metadata string as text: entities decoded, tags dropped, spaces collapsed; None if markup remains."""
    if not value:
        return None
    text = _TAG.sub(" ", html_entities.unescape(html_entities.unescape(value)))
    text = _SPACES.sub(" ", text).strip()
    if not text or _MARKUP_DEBRIS.search(text):
        return None
    return text


def meta_values(tree: etree._Element) -> dict[str, str]:
    """The page's <meta> values keyed by lower-cased name/property/itemprop (first one wins)."""
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), content.strip())
    return values


def _names(value: object) -> list[str]:
    """Names from a JSON-LD person/organisation value: a string, an object with a name, or a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _read_json_ld(tree: etree._Element, cues: PageCues) -> None:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
                continue
            if not isinstance(item, dict):
                continue
            if cues.headline is None and isinstance(item.get("headline"), str):
                cues.headline = item["headline"]
            if cues.published is None and isinstance(item.get("datePublished"), str):
                cues.published = item["datePublished"]
            if cues.publisher is None:
                cues.publisher = next(iter(_names(item.get("publisher"))), None)
            if not cues.ld_authors:
                cues.ld_authors = _names(item.get("author"))
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))


def page_cues(tree: etree._Element) -> PageCues:
    cues = PageCues(meta=meta_values(tree), tree=tree)
    _read_json_ld(tree, cues)
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            cues.canonical = link.get("href")
            break
    cues.canonical = cues.canonical or cues.meta.get("og:url")
    title = tree.find(".//title")
    cues.title_tag = text_of(title) if title is not None else None
    cues.h1s = [text for text in (text_of(h1) for h1 in tree.iter("h1")) if text][:5]
    return cues


# --- title -----------------------------------------------------------------------------------


def _title_labels(title_tag: str | None, site: str | None) -> set[str]:
    """The parts of `<title>` that clean_title drops (site and section names), squashed for comparison."""
    if not title_tag:
        return set()
    kept = metadata.clean_title(title_tag, site) or ""
    parts = [part for part in metadata.TITLE_SEPARATORS.split(_SPACES.sub(" ", title_tag).strip()) if part]
    return {metadata.squash(part) for part in parts if metadata.squash(part) not in metadata.squash(kept)}


def _agrees(a: str, b: str) -> bool:
    sa, sb = metadata.squash(a), metadata.squash(b)
    return bool(sa and sb) and (sa == sb or similar_title(a, b) or (len(sa) >= 20 and (sa in sb or sb in sa)))


def _without_section(title: str | None, cues: PageCues) -> str | None:
    """ "Technology - Connected cars open up" less its leading section, when the page's menu links to it."""
    if not title:
        return None
    parts = metadata.TITLE_SEPARATORS.split(title, maxsplit=1)
    short_label = len(parts) == 2 and len(parts[0].split()) <= 3 and len(parts[1].split()) >= 3
    if short_label and metadata.squash(parts[0]) in cues.link_labels:
        return parts[1]
    return title


def html_title(cues: PageCues, site: str | None) -> str | None:
    """The headline the page's cues agree on; a site or section label or leftover markup never is one."""
    raw: list[str | None] = [cues.meta.get("og:title"), cues.headline, *cues.h1s]
    raw += [cues.meta.get(key) for key in _TITLE_META[1:]] + [cues.title_tag]
    labels = _title_labels(cues.title_tag, site)
    candidates: list[str] = []  # one per cue: two cues giving the same text agree
    for value in raw:
        text = _without_section(metadata.clean_title(plain(value), site), cues)
        if text and len(text) <= 300 and metadata.squash(text) not in labels:
            candidates.append(text)
    if not candidates:
        return None

    parts = [
        {metadata.squash(part) for part in metadata.TITLE_SEPARATORS.split(text)} - {metadata.squash(text)}
        for text in candidates
    ]

    def rank(index: int) -> tuple[int, bool, bool, int]:
        text = candidates[index]
        agreeing = sum(_agrees(text, other) for j, other in enumerate(candidates) if j != index)
        # "Health - How a movie changed…" and "How a movie changed…" agree: the headline is the part.
        is_part = any(metadata.squash(text) in other for other in parts)
        # A one- or two-word candidate nothing agrees with is a label ("Politics", "Blog") more often
        # than a headline: any longer candidate goes first.
        return agreeing, len(patterns.WORD.findall(text)) >= 3, is_part, -index

    return candidates[max(range(len(candidates)), key=rank)]


# --- source ----------------------------------------------------------------------------------


def _title_site(title_tag: str | None) -> str | None:
    """The site name a `<title>` ends or starts with ("Talks resume - The Daily Example")."""
    if not title_tag:
        return None
    parts = [p for p in metadata.TITLE_SEPARATORS.split(_SPACES.sub(" ", title_tag).strip()) if p]
    if len(parts) < 2:
        return None
    kept = metadata.squash(metadata.clean_title(title_tag) or "")
    for part in (parts[-1], parts[0]):
        words = patterns.WORD.findall(part)
        if 1 <= len(words) <= 6 and metadata.squash(part) != kept and not re.search(r"\d{3}", part):
            return part
    return None


def _copyright_name(tree: etree._Element) -> str | None:
    """The owner a copyright line names ("© 2012 The Daily Example. All rights reserved.")."""
    for element in tree.iter("footer", "p", "div", "span", "small"):
        own = (element.text or "").strip()
        if not own or len(own) > 200 or not re.search(r"©|\(c\)|copyright", own, re.IGNORECASE):
            continue
        match = _COPYRIGHT.search(own)
        if match:
            name = match["name"].strip(" .-")
            if 1 <= len(name.split()) <= 6 and not name.lower().startswith(("all rights", "by ")):
                return name
    return None


def _names_host(name: str, url: str | None) -> bool:
    """Whether a name spells a label of the URL's host ("ABC News" on abcnews.go.com)."""
    host = metadata.host_name(url)
    squashed = metadata.squash(name)
    labels = [metadata.squash(label) for label in (host or "").split(".")[:-1]]
    return any(len(label) >= 3 and (label in squashed or squashed in label) for label in labels)


def html_site(cues: PageCues, tree: etree._Element, url: str | None) -> str | None:
    """The publisher's name, or its registered domain when the page names it nowhere."""
    for key in _SITE_META[:1]:
        value = plain(cues.meta.get(key))
        if value and not value.startswith("http"):
            return value
    publisher = plain(cues.publisher)
    if publisher:
        return publisher
    named = plain(_title_site(cues.title_tag))
    if named and _names_host(named, url or cues.canonical):
        return named  # "… | Valdoria Post" on valdoria-post.com: the name the site gives itself
    for value in (
        metadata.site_from_url(url),
        plain(cues.meta.get("application-name")),
        metadata.site_from_url(cues.canonical),
        named,
        plain(_copyright_name(tree)),
        plain(cues.meta.get("twitter:site", "").lstrip("@")),
        *(plain(cues.meta.get(key)) for key in _SITE_META[2:]),
    ):
        if value and not value.startswith("http"):
            return value
    return None


# --- authors ---------------------------------------------------------------------------------


_AUTHOR_XPATH = etree.XPath(
    ".//*[@rel='author' or @itemprop='author' or contains(@class, 'byline') or contains(@class, 'Byline')]"
)


def _elements(xpath: etree.XPath, tree: etree._Element) -> list[etree._Element]:
    found = xpath(tree)
    return [item for item in found if isinstance(item, etree._Element)] if isinstance(found, list) else []


def html_authors(cues: PageCues, tree: etree._Element, site: str | None = None) -> list[str]:
    """The article's authors, from the first cue that names any; the site itself is no author."""

    def marked() -> list[str | None]:
        return [text for text in map(text_of, _elements(_AUTHOR_XPATH, tree)) if len(text) <= 80]

    def from_meta() -> list[str | None]:
        return [cues.meta.get(key) for key in _AUTHOR_META]

    def from_json_ld() -> list[str | None]:
        return list(cues.ld_authors)

    for source in (from_json_ld, from_meta, marked):  # elements are searched only when metadata names nobody
        values = source()
        names: list[str] = []
        for value in values:
            for name in metadata.author_names(plain(value) or "", site):
                if name.lower() not in {known.lower() for known in names}:
                    names.append(name)
        if names:
            return names[: metadata.MAX_AUTHORS]
    return []


# --- language and date -------------------------------------------------------------------------


def html_language(tree: etree._Element, meta: dict[str, str]) -> str | None:
    value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    value = value or meta.get("og:locale") or meta.get("content-language") or meta.get("language")
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


# One pass over the elements (a union of two paths would walk the tree twice).
_TIME_XPATH = etree.XPath(".//*[@itemprop='datePublished' or @pubdate or (self::time and @datetime)]")


def _time_elements(tree: etree._Element) -> list[str]:
    """Machine-readable dates of `<time datetime>` and itemprop=datePublished elements, publication
    ones first (a date written only as text is htmldate's to read)."""
    first: list[str] = []
    other: list[str] = []
    for element in _elements(_TIME_XPATH, tree):
        published = element.get("itemprop") == "datePublished" or element.get("pubdate") is not None
        value = element.get("datetime") or element.get("content")
        if value:
            (first if published else other).append(value)
    return first + other


def _without_scripts_and_comments(tree: etree._Element, *, in_place: bool) -> etree._Element:
    pruned = tree if in_place else deepcopy(tree)
    etree.strip_elements(pruned, etree.Comment, "script", "style", with_tail=False)
    return pruned


def html_date(
    tree: etree._Element, cues: PageCues, url: str | None, crawled: str | None, *, last_use: bool = False
) -> DateGuess | None:
    """Publication date: meta tags, JSON-LD, `<time>`, then htmldate on the visible page; never after
    the crawl. With `last_use` (the caller reads the tree no more) its scripts and styles are cut out
    in place rather than from a copy: htmldate copies the whole tree again anyway."""
    ceiling = metadata.to_iso_date(crawled) if crawled else None

    def possible(value: str | None) -> bool:
        return bool(value) and (ceiling is None or str(value) <= ceiling)

    meta = cues.meta
    # Cues in order of trust, each read only when the ones before gave nothing (dateparser is slow).
    candidates = chain(
        ((meta[key], "html-meta", 0.9) for key in _DATE_META if key in meta),
        [(cues.published, "json-ld", 0.9)],
        ((value, "time-element", 0.85) for value in _time_elements(tree)[:3]),
    )
    for written, method, confidence in candidates:
        value = metadata.to_iso_date(written)
        if value is not None and possible(value):
            return DateGuess(value, method, confidence)
    from htmldate import find_date  # imported here: htmldate loads dateparser tables

    try:
        found = find_date(
            _without_scripts_and_comments(tree, in_place=last_use),
            url=url,
            original_date=True,
            extensive_search=False,
            max_date=ceiling,
            outputformat="%Y-%m-%d",
        )
    except (ValueError, TypeError):
        found = None
    if found:
        return DateGuess(found, "htmldate", 0.7)
    from_url = metadata.url_date(url)
    if from_url and possible(from_url):
        return DateGuess(from_url, "url", 0.6)
    return None
