-- 0004: the live version of each language is a revision; the row itself is the working copy.
ALTER TABLE content_localizations ADD "PublishedRevisionId" bigint NULL;

CREATE INDEX "IX_content_localizations_PublishedRevisionId" ON content_localizations ("PublishedRevisionId");

UPDATE content_localizations l SET "PublishedRevisionId" = (
    SELECT MAX(r."Id") FROM revisions r
    WHERE r."ItemId" = l."ItemId" AND r."Locale" = l."Locale" AND r."Status" = 'published')
WHERE l."Status" = 'published';
