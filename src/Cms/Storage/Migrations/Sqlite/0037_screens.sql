-- 0037: screens (e-billboards) that show /signage/{code}, with their last heartbeat (promosite schema sqlite).
CREATE TABLE "screens" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_screens" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Place" TEXT NULL,
    "Orientation" TEXT NOT NULL,
    "Locales" TEXT NOT NULL,
    "SlideSeconds" INTEGER NOT NULL,
    "Rules" TEXT NOT NULL,
    "ItemsPerRule" INTEGER NOT NULL,
    "ChosenItems" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "LastSeenAt" TEXT NULL,
    "LastSeenVersion" TEXT NULL
);

CREATE UNIQUE INDEX "IX_screens_Code" ON "screens" ("Code");
