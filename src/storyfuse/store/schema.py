"""The versioned SQLite schema: one migration per version, applied in order.

A store is recognised by its `application_id`; `user_version` holds the schema version.
Never edit a released migration: add the next one.
"""

from __future__ import annotations

APPLICATION_ID = 0x53465553  # "SFUS": marks a file as a storyfuse store

MIGRATIONS: list[str] = [
    # 1: articles, their analysis, stories and full-text indexes
    """
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,              -- ingest order; streaming clustering follows it
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        origin TEXT NOT NULL,
        url TEXT,
        format TEXT NOT NULL,
        raw TEXT NOT NULL,
        title TEXT,
        source TEXT,
        language TEXT,
        published TEXT,
        published_method TEXT,
        published_confidence REAL,
        credits TEXT NOT NULL DEFAULT '[]',   -- JSON list
        body TEXT NOT NULL,                   -- JSON list of {text, kind}
        removed TEXT NOT NULL DEFAULT '[]',   -- JSON list of clutter lines
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE article_origins (            -- every other place the same content was seen
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        origin TEXT NOT NULL,
        PRIMARY KEY (article_id, origin)
    ) WITHOUT ROWID;
    CREATE TABLE sentences (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        sentence INTEGER NOT NULL
    );
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE TABLE embeddings (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        vector BLOB NOT NULL                  -- float32, L2-normalised
    ) WITHOUT ROWID;
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        headline TEXT NOT NULL DEFAULT '',
        size INTEGER NOT NULL DEFAULT 0,
        first_published TEXT,
        last_published TEXT,
        updated_at TEXT NOT NULL,
        dirty INTEGER NOT NULL DEFAULT 1,     -- membership changed since the JSON was written
        state TEXT,                           -- the clusterer's saved state for this story (JSON)
        json TEXT                             -- the synthesised story JSON
    ) WITHOUT ROWID;
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES stories(id),
        joined_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE VIRTUAL TABLE articles_fts USING fts5(article_id UNINDEXED, title, text);
    CREATE VIRTUAL TABLE stories_fts USING fts5(story_id UNINDEXED, headline, summary);
    """,
    # 2: document frequencies of content words, for the clusterer's streaming TF-IDF
    """
    CREATE TABLE term_df (
        term TEXT PRIMARY KEY,
        df INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    ) WITHOUT ROWID;
    """,
    # 3: sentence vectors kept per article, so re-synthesising a growing story embeds only new sentences
    """
    CREATE TABLE sentence_vectors (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        vectors BLOB NOT NULL                 -- float16, one 384-wide row per sentence, in sentence order
    ) WITHOUT ROWID;
    """,
    # 4: store-wide entities (store/entity_catalogue.py): global entries, their folded spellings, story links
    """
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,                  -- 'e' + 11 hex digits, stable once given
        type TEXT NOT NULL,                   -- type group: PERSON, PLACE, ORG, NORP, ...
        name TEXT NOT NULL,                   -- the spelling most mentioned over its stories
        mentions INTEGER NOT NULL DEFAULT 0,  -- over the stories that name it now
        stories INTEGER NOT NULL DEFAULT 0    -- 0: no story names it now (kept so its id stays)
    ) WITHOUT ROWID;
    CREATE TABLE entity_keys (                -- folded spellings; a key stays with its entity for good
        type TEXT NOT NULL,
        key TEXT NOT NULL,
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        linkable INTEGER NOT NULL,            -- 1: a story naming this key joins the entity
        first TEXT,                           -- first and last word of people's linkable keys,
        last TEXT,                            -- where spelling variants are looked up
        PRIMARY KEY (type, key, entity_id)
    ) WITHOUT ROWID;
    CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
    CREATE INDEX entity_keys_first ON entity_keys(type, first) WHERE first IS NOT NULL;
    CREATE INDEX entity_keys_last ON entity_keys(type, last) WHERE last IS NOT NULL;
    CREATE TABLE story_entities (             -- each entity of a written story and its global entity
        story_id TEXT NOT NULL,
        position INTEGER NOT NULL,            -- its place in the story's entity list
        entity_id TEXT NOT NULL REFERENCES entities(id),
        name TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',   -- JSON list
        mentions INTEGER NOT NULL,
        PRIMARY KEY (story_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX story_entities_entity ON story_entities(entity_id);
    """,
    # 5: linking no longer waits for NER: an article's sentences and mentions may come later
    """
    CREATE TABLE pending_analysis (           -- articles stored without sentences and mentions yet
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
    ) WITHOUT ROWID;
    """,
    # 6: each article's MinHash, so a run indexes the recent articles for copies without their text
    """
    CREATE TABLE minhashes (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature BLOB NOT NULL               -- rensa's serialisation; empty for a text without shingles
    ) WITHOUT ROWID;
    """,
    # 7: storylines: events (stories) grouped into the long-running subjects they belong to
    """
    CREATE TABLE storylines (
        id TEXT PRIMARY KEY,                  -- 'l' + 11 hex digits, kept while most of its events stay
        events INTEGER NOT NULL,              -- stories in it (a storyline holds two or more)
        first_published TEXT,
        last_published TEXT,
        updated_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE story_storylines (           -- a story in no row here is an event of its own
        story_id TEXT PRIMARY KEY,
        storyline_id TEXT NOT NULL REFERENCES storylines(id) ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE INDEX story_storylines_storyline ON story_storylines(storyline_id);
    """,
    # 8: corrections made by hand (store/curation.py): the audit log, the constraints on articles every
    # later grouping honours, and pinned headlines
    """
    CREATE TABLE curation_log (
        seq INTEGER PRIMARY KEY,              -- the order corrections were made: later ones win
        at TEXT NOT NULL,                     -- when (ISO 8601, UTC)
        action TEXT NOT NULL,                 -- merge, split, move, rename
        stories TEXT NOT NULL,                -- JSON list: the story ids it named, as they were then
        articles TEXT NOT NULL DEFAULT '[]',  -- JSON list: the articles it moved or joined
        headline TEXT,                        -- rename: the headline pinned
        reason TEXT
    );
    CREATE TABLE link_constraints (
        id INTEGER PRIMARY KEY,
        log_seq INTEGER NOT NULL REFERENCES curation_log(seq),
        kind TEXT NOT NULL                    -- together (must-link) or apart (cannot-link)
    );
    CREATE TABLE constraint_articles (
        constraint_id INTEGER NOT NULL REFERENCES link_constraints(id) ON DELETE CASCADE,
        side INTEGER NOT NULL,                -- 0: the articles kept together or sent apart; 1: from whom
        article_id TEXT NOT NULL,
        PRIMARY KEY (constraint_id, side, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX constraint_articles_article ON constraint_articles(article_id);
    CREATE TABLE pinned_headlines (
        anchor TEXT PRIMARY KEY,              -- an article of the story: the pin follows it
        headline TEXT NOT NULL,
        log_seq INTEGER NOT NULL REFERENCES curation_log(seq)
    ) WITHOUT ROWID;
    """,
    # 9: what synthesis reads of an article that depends on it alone (model.Candidates: mentions cleaned
    # and typed, quantities, quotes), found once by the analysis pass so a growing story does not redo it
    """
    CREATE TABLE candidates (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,             -- of the code that found them: older ones are found again
        data TEXT NOT NULL                    -- JSON (model.Candidates.to_json)
    ) WITHOUT ROWID;
    """,
    # 10: saved searches (store/alerts.py): a story written after an alert was last seen is new to it
    """
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        query TEXT NOT NULL,                  -- words, as the search box takes them
        created_at TEXT NOT NULL,
        seen_at TEXT NOT NULL                 -- stories written (updated_at) after this are new to it
    );
    """,
    # 11: story lists at scale (issue 24): each sort walks a covering index of written stories and stops
    # at its page (SQLite 3.40 reads the row for any column an index lacks, even one its WHERE implies,
    # so the indexes hold plain columns: `written`, not `json IS NOT NULL`); each story's outlets and
    # languages, kept when it is written, for the outlet and language filters and the outlet sort
    """
    ALTER TABLE stories ADD COLUMN written INTEGER NOT NULL DEFAULT 0;  -- 1: its JSON is written
    ALTER TABLE stories ADD COLUMN outlets INTEGER NOT NULL DEFAULT 0;  -- distinct named outlets
    CREATE TABLE story_outlets (              -- each (outlet, language) of a written story's articles
        story_id TEXT NOT NULL,
        source TEXT,
        language TEXT
    );
    INSERT INTO story_outlets(story_id, source, language)
        SELECT DISTINCT sa.story_id, a.source, a.language FROM story_articles sa
        JOIN articles a ON a.id = sa.article_id JOIN stories s ON s.id = sa.story_id
        WHERE s.json IS NOT NULL;
    CREATE INDEX story_outlets_story ON story_outlets(story_id);
    CREATE INDEX story_outlets_source ON story_outlets(source, language, story_id);
    CREATE INDEX story_outlets_language ON story_outlets(language, story_id);
    UPDATE stories SET written = 1, outlets = (SELECT count(DISTINCT o.source) FROM story_outlets o
        WHERE o.story_id = stories.id) WHERE json IS NOT NULL;
    CREATE INDEX stories_recent ON stories(written, last_published DESC, size DESC, id, first_published);
    CREATE INDEX stories_size ON stories(written, size DESC, last_published DESC, id, first_published);
    CREATE INDEX stories_outlets
        ON stories(written, outlets DESC, size DESC, last_published DESC, id, first_published);
    CREATE INDEX stories_updated ON stories(written, updated_at);
    """,
    # 12: what a story list shows of each written story beyond its narrow columns (its lead sentence and
    # its articles' ids, paths, URLs, outlets and titles), kept when it is written: a page of large
    # stories read it out of their whole JSON (the 50 largest of 100k articles: 360 ms at load 11)
    """
    CREATE TABLE story_listings (
        story_id TEXT PRIMARY KEY,
        lead TEXT,                            -- the summary sentence ranked first
        articles TEXT NOT NULL                -- JSON list of [id, path, url, source, title]
    ) WITHOUT ROWID;
    INSERT INTO story_listings(story_id, lead, articles)
        SELECT id,
            (SELECT value ->> 'text' FROM json_each(stories.json, '$.summary')
                ORDER BY coalesce(value ->> 'rank', key), key LIMIT 1),
            (SELECT json_group_array(json_array(value ->> 'id', value ->> 'path', value ->> 'url',
                value ->> 'source', value ->> 'title')) FROM json_each(stories.json, '$.articles'))
        FROM stories WHERE json IS NOT NULL;
    """,
    # 13: a listing's articles as /api/stories lists them ({id, path, url, source, title} objects, not
    # arrays), so an API page passes them on without reading each one
    """
    UPDATE story_listings SET articles = (SELECT json_group_array(json_object('id', value ->> 0,
        'path', value ->> 1, 'url', value ->> 2, 'source', value ->> 3, 'title', value ->> 4))
        FROM json_each(story_listings.articles));
    """,
]
ENTITY_LINKS_VERSION = 4  # migrating to it links the stories already written

SCHEMA_VERSION = len(MIGRATIONS)
