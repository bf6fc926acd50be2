-- 0008: cookie-free analytics: counted hits and the day salts of visitor hashes (promosite schema sqlite).
CREATE TABLE "analytics_hits" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_analytics_hits" PRIMARY KEY AUTOINCREMENT,
    "At" TEXT NOT NULL,
    "Day" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Locale" TEXT NOT NULL,
    "Section" TEXT NULL,
    "Path" TEXT NOT NULL,
    "ItemId" INTEGER NULL,
    "Referrer" TEXT NULL,
    "Campaign" TEXT NULL,
    "Channel" TEXT NULL,
    "ShortCode" TEXT NULL,
    "Visitor" INTEGER NOT NULL,
    "Count" INTEGER NOT NULL
);

CREATE TABLE "analytics_salts" (
    "Day" TEXT NOT NULL CONSTRAINT "PK_analytics_salts" PRIMARY KEY,
    "Salt" BLOB NOT NULL
);

CREATE INDEX "IX_analytics_hits_Day_Kind" ON "analytics_hits" ("Day", "Kind");
