-- 0005: short links for print and QR codes (promosite schema sqlite).
CREATE TABLE "short_links" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_short_links" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "ItemId" INTEGER NOT NULL,
    "Locale" TEXT NOT NULL,
    "Campaign" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_short_links_Code" ON "short_links" ("Code");

CREATE INDEX "IX_short_links_ItemId" ON "short_links" ("ItemId");
