-- 0002: full-text search. Tokens come from SearchText (folded Latin words, CJK bigrams) and are
-- stored as a tsvector literal built in C# (positions, title weighted A): no parser or dictionary touches them.
CREATE TABLE search_index (
    item_id bigint NOT NULL,
    locale character varying(8) NOT NULL,
    type character varying(40) NOT NULL,
    publish_at timestamp with time zone NULL,
    unpublish_at timestamp with time zone NULL,
    document tsvector NOT NULL,
    CONSTRAINT "PK_search_index" PRIMARY KEY (item_id, locale)
);
CREATE INDEX "IX_search_index_document" ON search_index USING GIN (document);
