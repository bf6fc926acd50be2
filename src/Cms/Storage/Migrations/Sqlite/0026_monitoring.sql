-- 0026: monitoring: feed sources, keyword rules and the mentions found (promosite schema sqlite).
CREATE TABLE "monitor_sources" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_monitor_sources" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Url" TEXT NOT NULL,
    "Locale" TEXT NULL,
    "Enabled" INTEGER NOT NULL,
    "ETag" TEXT NULL,
    "LastModified" TEXT NULL,
    "LastFetchedAt" TEXT NULL,
    "NextFetchAt" TEXT NOT NULL,
    "Failures" INTEGER NOT NULL,
    "LastError" TEXT NULL,
    "CreatedAt" TEXT NOT NULL
);

CREATE TABLE "keyword_rules" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_keyword_rules" PRIMARY KEY AUTOINCREMENT,
    "Locale" TEXT NOT NULL,
    "Phrase" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL
);

CREATE TABLE "mentions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_mentions" PRIMARY KEY AUTOINCREMENT,
    "SourceId" INTEGER NOT NULL,
    "Fingerprint" TEXT NOT NULL,
    "Locale" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Snippet" TEXT NULL,
    "Link" TEXT NULL,
    "MatchedRules" TEXT NOT NULL,
    "PublishedAt" TEXT NULL,
    "FoundAt" TEXT NOT NULL,
    "Triage" TEXT NOT NULL,
    "AssignedTo" TEXT NULL,
    "AnsweredBy" TEXT NULL,
    CONSTRAINT "FK_mentions_monitor_sources_SourceId" FOREIGN KEY ("SourceId") REFERENCES "monitor_sources" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_mentions_Fingerprint" ON "mentions" ("Fingerprint");

CREATE INDEX "IX_mentions_SourceId" ON "mentions" ("SourceId");

CREATE INDEX "IX_mentions_Triage_FoundAt" ON "mentions" ("Triage", "FoundAt");
