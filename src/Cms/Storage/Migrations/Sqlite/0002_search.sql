-- 0002: full-text search. Tokens come from SearchText (folded Latin words, CJK bigrams), so the
-- FTS5 tokenizer only splits on spaces and must not fold anything again. The locale is an indexed
-- column so that queries restrict it inside MATCH (column weight 0 in bm25).
CREATE VIRTUAL TABLE "search_index" USING fts5(
    title, body, locale,
    item_id UNINDEXED, type UNINDEXED, publish_at UNINDEXED, unpublish_at UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);
