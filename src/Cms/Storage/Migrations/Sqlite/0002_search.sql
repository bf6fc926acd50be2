-- 0002: full-text search. Tokens come from SearchText (folded Latin words, CJK bigrams), so the
-- FTS5 tokenizer only splits on spaces and must not fold anything again.
CREATE VIRTUAL TABLE "search_index" USING fts5(
    title, body,
    item_id UNINDEXED, locale UNINDEXED, type UNINDEXED, publish_at UNINDEXED, unpublish_at UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);
