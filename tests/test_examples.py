"""The bundled examples are what examples/README.md and examples/expected.json say they are.

No pipeline runs here: these tests keep the demo data honest, so that later tests (and the
README quick start) can rely on the noise and the ground truth being really there.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "storyfuse" / "data" / "examples"
ARTICLES = EXAMPLES / "articles"
README = EXAMPLES / "README.md"
EXPECTED = EXAMPLES / "expected.json"

MAIN_STORY = 0  # index of the main event in expected.json "stories"
JSONL_FIELDS = ("url", "title", "text", "published", "source")
MAX_FILE_BYTES = 20 * 1024
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


# --- reading the examples -------------------------------------------------------


@cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return data


def jsonl_records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@cache
def raw_articles() -> dict[str, str]:
    """Article id -> what a reader gets: file text, raw HTML, or a JSONL record's title and text."""
    articles: dict[str, str] = {}
    for path in sorted(ARTICLES.iterdir()):
        if path.suffix == ".jsonl":
            for number, record in enumerate(jsonl_records(path), start=1):
                articles[f"{path.name}:{number}"] = f"{record['title']}\n\n{record['text']}"
        else:
            articles[path.name] = path.read_text(encoding="utf-8")
    return articles


def body_paragraphs(article_id: str) -> list[str]:
    """Paragraphs long enough to be prose; clutter lines (menus, links, stubs) are short."""
    raw = raw_articles()[article_id]
    if article_id.endswith(".html"):
        (article,) = html_elements(html.fromstring(raw), "article")
        paragraphs = [element_text(p) for p in html_elements(article, "p")]
    else:
        paragraphs = [line.strip() for line in raw.splitlines()]
    return [p for p in paragraphs if len(p.split()) >= 20]


def html_elements(root: etree._Element, tag: str) -> list[etree._Element]:
    return list(root.iter(tag))


def element_text(element: etree._Element) -> str:
    pieces = (t if isinstance(t, str) else t.decode("utf-8") for t in element.itertext())
    return " ".join("".join(pieces).split())


def html_meta(page: etree._Element) -> dict[str, str]:
    """Open Graph style <meta property=... content=...> pairs of a page."""
    return {
        meta.get("property", ""): meta.get("content", "")
        for meta in html_elements(page, "meta")
        if meta.get("property")
    }


def normalise_quotes(text: str) -> str:
    return text.replace("“", '"').replace("”", '"').replace("’", "'")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", normalise_quotes(text).lower())


def shingles(text: str, size: int = 8) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def story_articles(index: int) -> list[str]:
    articles: list[str] = expected()["stories"][index]["articles"]
    return articles


def readme_noise_rows() -> list[tuple[str, str, str]]:
    """(article id, noise, evidence) for each row of the README's noise checklist table."""
    lines = README.read_text(encoding="utf-8").split("## Noise checklist", 1)[1].splitlines()
    rows: list[tuple[str, str, str]] = []
    for line in lines:
        if line.startswith("## "):
            break
        if not line.startswith("| `"):
            continue  # header, separator and prose around the table
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        article_cell, noise, evidence_cell = cells
        rows.append((article_cell.strip("`"), noise, evidence_cell[1:-1].replace("\\|", "|")))
    return rows


# --- files and formats ------------------------------------------------------------


def test_articles_folder_holds_exactly_the_expected_articles() -> None:
    listed = {article for story in expected()["stories"] for article in story["articles"]}
    assert set(raw_articles()) == listed


def test_every_article_belongs_to_exactly_one_expected_story() -> None:
    memberships = [article for story in expected()["stories"] for article in story["articles"]]
    assert len(memberships) == len(set(memberships))
    assert len(story_articles(MAIN_STORY)) == 6


def test_examples_cover_every_input_format() -> None:
    main_suffixes = sorted(Path(article.split(":")[0]).suffix for article in story_articles(MAIN_STORY))
    assert main_suffixes == [".html", ".jsonl", ".txt", ".txt", ".txt", ".txt"]
    other_suffixes = {
        Path(article.split(":")[0]).suffix
        for index in range(1, len(expected()["stories"]))
        for article in story_articles(index)
    }
    assert other_suffixes == {".html", ".jsonl", ".txt"}


@pytest.mark.parametrize("path", sorted(EXAMPLES.rglob("*.*")), ids=lambda p: p.name)
def test_no_example_file_is_over_20_kb(path: Path) -> None:
    assert path.stat().st_size <= MAX_FILE_BYTES


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.txt")), ids=lambda p: p.name)
def test_text_articles_are_utf8_plain_text(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert len(text.split()) > 150
    assert not re.search(r"</?[a-z]+[ >]", text), "plain-text examples hold no markup"


def test_jsonl_records_are_json_objects_with_the_required_fields() -> None:
    for path in ARTICLES.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert isinstance(record, dict)
            for field in JSONL_FIELDS:
                assert isinstance(record[field], str) and record[field].strip(), field
            assert datetime.fromisoformat(record["published"]).tzinfo is not None


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.html")), ids=lambda p: p.name)
def test_html_pages_have_one_article_and_publication_metadata(path: Path) -> None:
    page = html.fromstring(path.read_bytes())
    (article,) = html_elements(page, "article")
    meta = html_meta(page)
    for prop in ("og:title", "og:site_name", "article:published_time"):
        assert meta.get(prop), prop
    published = datetime.fromisoformat(meta["article:published_time"])
    assert published.date().isoformat() == expected()["published"][path.name]
    assert element_text(html_elements(article, "h1")[0]) == meta["og:title"]


def test_every_url_is_on_an_example_domain() -> None:
    hosts = set()
    for path in ARTICLES.iterdir():
        hosts |= set(re.findall(r"https?://([^/\s\"']+)", path.read_text(encoding="utf-8")))
    assert hosts, "the examples carry URLs"
    assert all(host.endswith(".example") for host in hosts), hosts


def test_jsonl_published_dates_match_the_expected_dates() -> None:
    for path in ARTICLES.glob("*.jsonl"):
        for number, record in enumerate(jsonl_records(path), start=1):
            published = datetime.fromisoformat(record["published"]).date().isoformat()
            assert published == expected()["published"][f"{path.name}:{number}"]


# --- the README's claims ---------------------------------------------------------------


def test_readme_names_every_article() -> None:
    readme = README.read_text(encoding="utf-8")
    for article in raw_articles():
        assert f"`{article}`" in readme, article


def test_readme_noise_checklist_is_parsed() -> None:
    rows = readme_noise_rows()
    assert len(rows) >= 50
    assert {article for article, _, _ in rows} >= set(story_articles(MAIN_STORY))


@pytest.mark.parametrize(
    ("article", "noise", "evidence"), readme_noise_rows(), ids=lambda value: str(value)[:40]
)
def test_readme_noise_is_present_in_its_article(article: str, noise: str, evidence: str) -> None:
    assert evidence in raw_articles()[article], f"{article} should carry {noise}"


def test_clean_jsonl_records_carry_no_clutter_lines() -> None:
    for article in ("scraped_batch.jsonl:2", "scraped_batch.jsonl:3"):
        text = raw_articles()[article]
        assert not re.search(r"Read also|Also Read|cookies|Leave a Reply|Comments are closed", text)


# --- the main event's deliberate noise -----------------------------------------------------


@pytest.mark.parametrize("article", story_articles(MAIN_STORY))
def test_main_event_articles_have_300_to_700_words_of_prose(article: str) -> None:
    prose_words = sum(len(p.split()) for p in body_paragraphs(article))
    assert 300 <= prose_words <= 700


def test_one_person_appears_under_four_spellings_in_different_articles() -> None:
    (ostrakov,) = (p for p in expected()["people"] if p["name"] == "Dmitri Ostrakov")
    main = {article: raw_articles()[article] for article in story_articles(MAIN_STORY)}
    carriers = {
        spelling: {article for article, text in main.items() if spelling in text}
        for spelling in [ostrakov["name"], *ostrakov["variants"]]
    }
    assert all(carriers.values()), carriers
    # Each misspelling lives beside the canonical name in its own article, as on real sites.
    assert carriers["Dmitri Ostrokov"].isdisjoint(carriers["Dmitry Ostrakov"])
    assert len(carriers["Mr. Ostrakov"]) >= 3


def test_two_different_people_share_a_first_name_in_one_article() -> None:
    text = raw_articles()["scraped_batch.jsonl:1"]
    assert "Dmitri Halas" in text and "Dmitri Ostrakov" in text
    assert "mayor, Dmitri Halas" in text


@pytest.mark.parametrize("subject", ["people evacuated", "length of the talks"])
def test_conflicting_figures_are_where_expected_json_says(subject: str) -> None:
    values = expected()["figures"][subject]
    for article, figure in values.items():
        assert figure in raw_articles()[article], (article, figure)
    assert len(set(values.values())) >= 3, "the figure must really conflict"


def test_lakeshore_copy_is_the_wire_dispatch_lightly_edited() -> None:
    wire = [normalise_quotes(p) for p in body_paragraphs("meranda_northgate-daily.txt")]
    copy = [normalise_quotes(p) for p in body_paragraphs("meranda_lakeshore-observer.txt")]
    shared = [p for p in copy if p in wire]
    assert len(shared) >= 8 and len(shared) >= len(copy) - 1

    dropped = "The treaty never defined what timely means."
    assert dropped in " ".join(wire) and dropped not in " ".join(copy)

    def position(paragraphs: list[str], start: str) -> int:
        return next(i for i, p in enumerate(paragraphs) if p.startswith(start))

    amendment, flood_night = "The 2004 amendment", "On February 18"
    assert position(wire, amendment) > position(wire, flood_night)
    assert position(copy, amendment) < position(copy, flood_night)

    wire_raw = raw_articles()["meranda_northgate-daily.txt"]
    copy_raw = raw_articles()["meranda_lakeshore-observer.txt"]
    assert "“" in wire_raw and "“" not in copy_raw, "the copy's CMS straightened the quotes"


def test_translation_keeps_the_facts_but_not_the_wording() -> None:
    wire = raw_articles()["meranda_northgate-daily.txt"]
    translation = raw_articles()["meranda_panorama24.txt"]
    assert not shingles(wire) & shingles(translation)
    for fact in ("12,000", "forty minutes", "six hours", "340 million", "1987", "2004", "2019", "1979"):
        assert fact in wire and fact in translation, fact
    assert "Nordane" in wire and "Nordane" in translation


def test_two_translations_of_one_quote_differ_in_wording() -> None:
    wire = "We are not going to Aubrelle to sign anything."
    translated = "We do not go to Aubrelle for signing something."
    assert wire in raw_articles()["meranda_northgate-daily.txt"]
    assert translated in raw_articles()["meranda_panorama24.txt"]
    assert wire not in raw_articles()["meranda_panorama24.txt"]


def weekday_dates(text: str) -> list[tuple[str, int, int]]:
    """(weekday, month, day) for 'Tuesday March 4' and 'Tuesday 4 March' style dates."""
    month = "|".join(MONTHS)
    weekday = "|".join(WEEKDAYS)
    found = [
        (m["weekday"], MONTHS.index(m["month"]) + 1, int(m["day"]))
        for m in re.finditer(rf"(?P<weekday>{weekday}),? (?P<month>{month}) (?P<day>\d{{1,2}})\b", text)
    ]
    found += [
        (m["weekday"], MONTHS.index(m["month"]) + 1, int(m["day"]))
        for m in re.finditer(rf"(?P<weekday>{weekday}),? (?P<day>\d{{1,2}}) (?P<month>{month})\b", text)
    ]
    return found


def published_year(article: str) -> int:
    return date.fromisoformat(expected()["published"][article]).year


@pytest.mark.parametrize("article", sorted(expected()["published"]))
def test_weekday_dates_agree_with_the_calendar_of_the_publication_year(article: str) -> None:
    for weekday, month, day in weekday_dates(raw_articles()[article]):
        assert date(published_year(article), month, day).strftime("%A") == weekday


def test_morning_articles_carry_a_weekday_dateline_of_the_day_of_the_talks() -> None:
    talks = date.fromisoformat(expected()["published"]["meranda_continental-review.html"])
    for article in story_articles(MAIN_STORY)[:4]:
        datelines = {date(talks.year, month, day) for _, month, day in weekday_dates(raw_articles()[article])}
        assert talks in datelines, article


def test_republished_page_carries_a_banner_date_that_contradicts_its_content() -> None:
    article = "meranda_panorama24.txt"
    banner_line, content = raw_articles()[article].split("\n", 1)
    (_, banner_month, banner_day), *_ = weekday_dates(banner_line)
    (_, dateline_month, dateline_day), *_ = weekday_dates(content)
    banner_date = date(published_year(article), banner_month, banner_day)
    content_date = date(published_year(article), dateline_month, dateline_day)
    assert content_date.isoformat() == expected()["published"][article]
    assert (banner_date - content_date).days > 30


def test_only_the_evening_article_reports_the_outcome() -> None:
    outcome = "nearly three hours"
    reporting = [a for a in story_articles(MAIN_STORY) if outcome in raw_articles()[a]]
    assert reporting == ["meranda_continental-review.html"]
    page = html.fromstring(raw_articles()["meranda_continental-review.html"].encode("utf-8"))
    evening = datetime.fromisoformat(html_meta(page)["article:published_time"])
    (eve,) = (r for r in jsonl_records(ARTICLES / "scraped_batch.jsonl") if r["source"] == "Sevrin Herald")
    assert evening > datetime.fromisoformat(eve["published"])
    # The talks began at 10 a.m.; the outcome piece must come after a nearly three-hour meeting.
    assert evening.hour >= 13


def test_quotes_are_attributed_in_several_forms() -> None:
    texts = raw_articles()
    assert re.search(r"”,? said Dmitri Ostrakov", texts["scraped_batch.jsonl:1"])
    assert re.search(r"<p>Maranek: “", texts["meranda_continental-review.html"])
    northgate = texts["meranda_northgate-daily.txt"]
    pronoun_quote = northgate.index(",” he said.")
    assert "Mr. Ostrakov" in northgate[:pronoun_quote], "the pronoun needs an antecedent before it"


@pytest.mark.shared
def test_examples_share_no_wording_with_the_seeds(seeds_dir: Path) -> None:
    seed_shingles: set[tuple[str, ...]] = set()
    for seed in seeds_dir.glob("*.txt"):
        seed_shingles |= shingles(seed.read_text(encoding="utf-8"))
    assert seed_shingles
    # Prose only: the comment-box and cookie lines are boilerplate every site shares, on purpose.
    for article in raw_articles():
        assert not shingles("\n".join(body_paragraphs(article))) & seed_shingles, article
