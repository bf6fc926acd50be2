-- 0030: the change feed (Changes/ChangeFeed): what became visible or stopped being visible, in commit order.
-- AUTOINCREMENT: an id is never handed out twice, even after retention has deleted every row (a cursor must not come back).
CREATE TABLE "content_changes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_content_changes" PRIMARY KEY AUTOINCREMENT,
    "Kind" TEXT NOT NULL,
    "ItemId" INTEGER NOT NULL,
    "Type" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "Locale" TEXT NOT NULL,
    "Path" TEXT NULL,
    "OldPath" TEXT NULL,
    "Revision" INTEGER NULL,
    "OccurredAt" TEXT NOT NULL
);
CREATE INDEX "IX_content_changes_ItemId_Locale" ON "content_changes" ("ItemId", "Locale");
CREATE INDEX "IX_content_changes_OccurredAt" ON "content_changes" ("OccurredAt");

-- How far retention has deleted (a cursor below it is answered 410).
CREATE TABLE "content_change_horizon" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_content_change_horizon" PRIMARY KEY,
    "PrunedThrough" INTEGER NOT NULL
);
INSERT INTO "content_change_horizon" ("Id", "PrunedThrough") VALUES (1, 0);
