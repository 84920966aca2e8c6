"""The versioned PostgreSQL schema: one migration per version, applied in order.

A database holds a storyfuse store when its `storyfuse_meta` table says so (`application` row, as
SQLite's `application_id`); its `schema_version` row is the version (SQLite's `user_version`). The
tables mirror SQLite's (`store/schema.py`) column for column, so one set of SQL serves both: text
columns sort by code point (`COLLATE "C"`, SQLite's BINARY), story JSON is `jsonb`, vectors `bytea`,
and the two search tables hold a generated `tsvector` with a GIN index instead of FTS5.
Never edit a released migration: add the next one (and mirror every SQLite migration here).
"""

from __future__ import annotations

APPLICATION = "storyfuse"

# The text search configuration: no stemming and no stop words, as FTS5's unicode61 tokenizer.
SEARCH_CONFIG = "simple"
# The letters whose diacritics FTS5's unicode61 removes (remove_diacritics 1), and the letters it reads
# them as: one for one, so a folded text keeps the original's offsets (search snippets rely on it).
DIACRITICS = (
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖ"
    "ėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰű"
    "ŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǦǧǨǩǪǫǰǴǵǸǹȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȮȯȲȳ"
)
FOLDED = (
    "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeE"
    "eEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUu"
    "UuWwYyYZzZzZzOoUuAaIiOoUuGgKkOojGgNnAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoYy"
)

MIGRATIONS: list[str] = [
    # 1: everything SQLite's schema 7 holds
    f"""
    -- text as the search reads it: diacritics removed, as unicode61 does
    CREATE FUNCTION storyfuse_fold(t text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN translate(t, '{DIACRITICS}', '{FOLDED}');
    CREATE TABLE storyfuse_meta (
        key text COLLATE "C" PRIMARY KEY,
        value text NOT NULL
    );
    CREATE TABLE articles (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- ingest order
        id text COLLATE "C" NOT NULL UNIQUE,
        content_hash text COLLATE "C" NOT NULL UNIQUE,
        origin text COLLATE "C" NOT NULL,
        url text COLLATE "C",
        format text COLLATE "C" NOT NULL,
        raw text NOT NULL,
        title text COLLATE "C",
        source text COLLATE "C",
        language text COLLATE "C",
        published text COLLATE "C",
        published_method text COLLATE "C",
        published_confidence double precision,
        credits text NOT NULL DEFAULT '[]',
        body text NOT NULL,
        removed text NOT NULL DEFAULT '[]',
        ingested_at text COLLATE "C" NOT NULL
    );
    CREATE TABLE article_origins (
        article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        origin text COLLATE "C" NOT NULL,
        PRIMARY KEY (article_id, origin)
    );
    CREATE TABLE sentences (
        article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx integer NOT NULL,
        text text NOT NULL,
        start integer NOT NULL,
        "end" integer NOT NULL,
        PRIMARY KEY (article_id, idx)
    );
    CREATE TABLE mentions (
        article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        text text COLLATE "C" NOT NULL,
        label text COLLATE "C" NOT NULL,
        start integer NOT NULL,
        "end" integer NOT NULL,
        sentence integer NOT NULL
    );
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE TABLE embeddings (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        vector bytea NOT NULL
    );
    CREATE TABLE stories (
        id text COLLATE "C" PRIMARY KEY,
        headline text COLLATE "C" NOT NULL DEFAULT '',
        size integer NOT NULL DEFAULT 0,
        first_published text COLLATE "C",
        last_published text COLLATE "C",
        updated_at text COLLATE "C" NOT NULL,
        dirty integer NOT NULL DEFAULT 1,
        state text,
        json jsonb
    );
    CREATE INDEX stories_listing ON stories((coalesce(last_published, '')) DESC, size DESC, id)
        WHERE json IS NOT NULL;
    CREATE INDEX stories_dirty ON stories(id) WHERE dirty = 1;
    CREATE TABLE story_articles (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id text COLLATE "C" NOT NULL REFERENCES stories(id),
        joined_at text COLLATE "C" NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE TABLE articles_fts (
        article_id text COLLATE "C" NOT NULL,
        title text NOT NULL,
        text text NOT NULL,
        tsv tsvector GENERATED ALWAYS AS
            (to_tsvector('simple', storyfuse_fold(title || ' ' || text))) STORED
    );
    CREATE INDEX articles_fts_article ON articles_fts(article_id);
    CREATE INDEX articles_fts_tsv ON articles_fts USING gin(tsv);
    CREATE TABLE stories_fts (
        story_id text COLLATE "C" NOT NULL,
        headline text NOT NULL,
        summary text NOT NULL,
        tsv tsvector GENERATED ALWAYS AS
            (to_tsvector('simple', storyfuse_fold(headline || ' ' || summary))) STORED
    );
    CREATE INDEX stories_fts_story ON stories_fts(story_id);
    CREATE INDEX stories_fts_tsv ON stories_fts USING gin(tsv);
    CREATE TABLE term_df (
        term text COLLATE "C" PRIMARY KEY,
        df integer NOT NULL
    );
    CREATE TABLE counters (
        name text COLLATE "C" PRIMARY KEY,
        value bigint NOT NULL
    );
    CREATE TABLE sentence_vectors (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        vectors bytea NOT NULL
    );
    CREATE TABLE entities (
        id text COLLATE "C" PRIMARY KEY,
        type text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        mentions integer NOT NULL DEFAULT 0,
        stories integer NOT NULL DEFAULT 0
    );
    CREATE TABLE entity_keys (
        type text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        entity_id text COLLATE "C" NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        linkable integer NOT NULL,
        first text COLLATE "C",
        last text COLLATE "C",
        PRIMARY KEY (type, key, entity_id)
    );
    CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
    CREATE INDEX entity_keys_first ON entity_keys(type, first) WHERE first IS NOT NULL;
    CREATE INDEX entity_keys_last ON entity_keys(type, last) WHERE last IS NOT NULL;
    CREATE TABLE story_entities (
        story_id text COLLATE "C" NOT NULL,
        position integer NOT NULL,
        entity_id text COLLATE "C" NOT NULL REFERENCES entities(id),
        name text COLLATE "C" NOT NULL,
        aliases text NOT NULL DEFAULT '[]',
        mentions integer NOT NULL,
        PRIMARY KEY (story_id, position)
    );
    CREATE INDEX story_entities_entity ON story_entities(entity_id);
    CREATE TABLE pending_analysis (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE TABLE minhashes (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature bytea NOT NULL
    );
    CREATE TABLE storylines (
        id text COLLATE "C" PRIMARY KEY,
        events integer NOT NULL,
        first_published text COLLATE "C",
        last_published text COLLATE "C",
        updated_at text COLLATE "C" NOT NULL
    );
    CREATE TABLE story_storylines (
        story_id text COLLATE "C" PRIMARY KEY,
        storyline_id text COLLATE "C" NOT NULL REFERENCES storylines(id) ON DELETE CASCADE
    );
    CREATE INDEX story_storylines_storyline ON story_storylines(storyline_id);
    -- SQLite's instr(), which the store's portable SQL may use: position of b in a, 0 when absent
    CREATE FUNCTION instr(a text, b text) RETURNS integer
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN strpos(a, b);
    """,
    # 2: SQLite's 8: corrections made by hand (store/curation.py)
    """
    CREATE TABLE curation_log (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at text COLLATE "C" NOT NULL,
        action text COLLATE "C" NOT NULL,
        stories text COLLATE "C" NOT NULL,
        articles text COLLATE "C" NOT NULL DEFAULT '[]',
        headline text COLLATE "C",
        reason text COLLATE "C"
    );
    CREATE TABLE link_constraints (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        log_seq bigint NOT NULL REFERENCES curation_log(seq),
        kind text COLLATE "C" NOT NULL
    );
    CREATE TABLE constraint_articles (
        constraint_id bigint NOT NULL REFERENCES link_constraints(id) ON DELETE CASCADE,
        side integer NOT NULL,
        article_id text COLLATE "C" NOT NULL,
        PRIMARY KEY (constraint_id, side, article_id)
    );
    CREATE INDEX constraint_articles_article ON constraint_articles(article_id);
    CREATE TABLE pinned_headlines (
        anchor text COLLATE "C" PRIMARY KEY,
        headline text COLLATE "C" NOT NULL,
        log_seq bigint NOT NULL REFERENCES curation_log(seq)
    );
    """,
    # 3: SQLite's 9: each article's candidates for synthesis (model.Candidates)
    """
    CREATE TABLE candidates (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        version integer NOT NULL,
        data text COLLATE "C" NOT NULL
    );
    """,
    # 4: SQLite's 10: saved searches (store/alerts.py)
    """
    CREATE TABLE alerts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        query text COLLATE "C" NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        seen_at text COLLATE "C" NOT NULL
    );
    """,
    # 5: SQLite's 11: story lists at scale (stories_listing gives way to the covering indexes); and the
    # search tables' insertion order, so a search ranks its most recent matches without reading them all
    """
    ALTER TABLE stories ADD COLUMN written integer NOT NULL DEFAULT 0;
    ALTER TABLE stories ADD COLUMN outlets integer NOT NULL DEFAULT 0;
    CREATE TABLE story_outlets (
        story_id text COLLATE "C" NOT NULL,
        source text COLLATE "C",
        language text COLLATE "C"
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
    DROP INDEX stories_listing;
    CREATE INDEX stories_recent
        ON stories(written, last_published DESC NULLS LAST, size DESC, id) INCLUDE (first_published);
    CREATE INDEX stories_size
        ON stories(written, size DESC, last_published DESC NULLS LAST, id) INCLUDE (first_published);
    CREATE INDEX stories_outlets
        ON stories(written, outlets DESC, size DESC, last_published DESC NULLS LAST, id)
        INCLUDE (first_published);
    CREATE INDEX stories_updated ON stories(written, updated_at);
    ALTER TABLE articles_fts ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
    CREATE INDEX articles_fts_seq ON articles_fts(seq);
    ALTER TABLE stories_fts ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
    CREATE INDEX stories_fts_seq ON stories_fts(seq);
    """,
    # 6: SQLite's 12: each written story's listing, kept when it is written
    """
    CREATE TABLE story_listings (
        story_id text COLLATE "C" PRIMARY KEY,
        lead text,
        articles text NOT NULL
    );
    INSERT INTO story_listings(story_id, lead, articles)
        SELECT id,
            (SELECT e.value ->> 'text' FROM jsonb_array_elements(CASE jsonb_typeof(json -> 'summary')
                WHEN 'array' THEN json -> 'summary' ELSE '[]'::jsonb END) WITH ORDINALITY e(value, n)
                ORDER BY coalesce((e.value ->> 'rank')::numeric, n - 1), n LIMIT 1),
            coalesce((SELECT jsonb_agg(jsonb_build_array(a ->> 'id', a ->> 'path', a ->> 'url',
                a ->> 'source', a ->> 'title') ORDER BY n) FROM jsonb_array_elements(
                CASE jsonb_typeof(json -> 'articles') WHEN 'array' THEN json -> 'articles'
                ELSE '[]'::jsonb END) WITH ORDINALITY x(a, n)), '[]'::jsonb)::text
        FROM stories WHERE json IS NOT NULL;
    """,
    # 7: SQLite's 13: a listing's articles as /api/stories lists them, written out as compactly as
    # Python writes them (json_build_object's text spaces its colons)
    """
    UPDATE story_listings SET articles = coalesce((SELECT '[' || string_agg('{'
        || '"id":' || coalesce(to_json(a ->> 0)::text, 'null')
        || ',"path":' || coalesce(to_json(a ->> 1)::text, 'null')
        || ',"url":' || coalesce(to_json(a ->> 2)::text, 'null')
        || ',"source":' || coalesce(to_json(a ->> 3)::text, 'null')
        || ',"title":' || coalesce(to_json(a ->> 4)::text, 'null') || '}', ',' ORDER BY n) || ']'
        FROM jsonb_array_elements(articles::jsonb) WITH ORDINALITY x(a, n)), '[]');
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
