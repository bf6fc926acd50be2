-- 0004: the live version of each language is a revision; the row itself is the working copy.
ALTER TABLE "content_localizations" ADD COLUMN "PublishedRevisionId" INTEGER NULL;

CREATE INDEX "IX_content_localizations_PublishedRevisionId" ON "content_localizations" ("PublishedRevisionId");

UPDATE "content_localizations" SET "PublishedRevisionId" = (
    SELECT MAX(r."Id") FROM "revisions" r
    WHERE r."ItemId" = "content_localizations"."ItemId" AND r."Locale" = "content_localizations"."Locale" AND r."Status" = 'published')
WHERE "Status" = 'published';
