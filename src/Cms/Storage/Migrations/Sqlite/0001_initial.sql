-- 0001: the initial schema, as EF Core derives it from CmsDbContext (promosite schema sqlite).
CREATE TABLE "change_counter" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_change_counter" PRIMARY KEY,
    "Value" INTEGER NOT NULL
);


CREATE TABLE "content_items" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_content_items" PRIMARY KEY AUTOINCREMENT,
    "Type" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "SharedJson" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "DeletedAt" TEXT NULL,
    "Version" INTEGER NOT NULL
);


CREATE TABLE "content_localizations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_content_localizations" PRIMARY KEY AUTOINCREMENT,
    "ItemId" INTEGER NOT NULL,
    "Type" TEXT NOT NULL,
    "Locale" TEXT NOT NULL,
    "Slug" TEXT NOT NULL,
    "SlugScope" TEXT NOT NULL,
    "SeoTitle" TEXT NULL,
    "SeoDescription" TEXT NULL,
    "Status" TEXT NOT NULL,
    "PublishAt" TEXT NULL,
    "UnpublishAt" TEXT NULL,
    "FieldsJson" TEXT NOT NULL,
    "ContentHash" TEXT NOT NULL,
    "FieldHashesJson" TEXT NOT NULL,
    "SourceHash" TEXT NULL,
    "SourceFieldHashesJson" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "FirstPublishedAt" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_content_localizations_content_items_ItemId" FOREIGN KEY ("ItemId") REFERENCES "content_items" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "revisions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_revisions" PRIMARY KEY AUTOINCREMENT,
    "ItemId" INTEGER NOT NULL,
    "Locale" TEXT NOT NULL,
    "Number" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "Slug" TEXT NOT NULL,
    "SeoTitle" TEXT NULL,
    "SeoDescription" TEXT NULL,
    "PublishAt" TEXT NULL,
    "UnpublishAt" TEXT NULL,
    "SharedJson" TEXT NOT NULL,
    "FieldsJson" TEXT NOT NULL,
    "SourceHash" TEXT NULL,
    "Author" TEXT NOT NULL,
    "Note" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_revisions_content_items_ItemId" FOREIGN KEY ("ItemId") REFERENCES "content_items" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "slug_redirects" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_slug_redirects" PRIMARY KEY AUTOINCREMENT,
    "Type" TEXT NOT NULL,
    "Locale" TEXT NOT NULL,
    "SlugScope" TEXT NOT NULL,
    "Slug" TEXT NOT NULL,
    "ItemId" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_slug_redirects_content_items_ItemId" FOREIGN KEY ("ItemId") REFERENCES "content_items" ("Id") ON DELETE RESTRICT
);


CREATE UNIQUE INDEX "IX_content_items_Type_Key" ON "content_items" ("Type", "Key");


CREATE UNIQUE INDEX "IX_content_localizations_ItemId_Locale" ON "content_localizations" ("ItemId", "Locale");


CREATE UNIQUE INDEX "IX_content_localizations_Type_Locale_SlugScope_Slug" ON "content_localizations" ("Type", "Locale", "SlugScope", "Slug");


CREATE UNIQUE INDEX "IX_revisions_ItemId_Number" ON "revisions" ("ItemId", "Number");


CREATE INDEX "IX_slug_redirects_ItemId" ON "slug_redirects" ("ItemId");


CREATE UNIQUE INDEX "IX_slug_redirects_Type_Locale_SlugScope_Slug" ON "slug_redirects" ("Type", "Locale", "SlugScope", "Slug");




INSERT INTO "change_counter" ("Id", "Value") VALUES (1, 0);
