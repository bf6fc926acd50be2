-- 0010: translation work given to translators, one per item and language (promosite schema sqlite).
CREATE TABLE "translation_assignments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_translation_assignments" PRIMARY KEY AUTOINCREMENT,
    "ItemId" INTEGER NOT NULL,
    "Locale" TEXT NOT NULL,
    "AssigneeId" INTEGER NOT NULL,
    "Due" TEXT NULL,
    "Note" TEXT NULL,
    "AssignedBy" TEXT NOT NULL,
    "AssignedAt" TEXT NOT NULL,
    CONSTRAINT "FK_translation_assignments_content_items_ItemId" FOREIGN KEY ("ItemId") REFERENCES "content_items" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_translation_assignments_users_AssigneeId" FOREIGN KEY ("AssigneeId") REFERENCES "users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_translation_assignments_AssigneeId" ON "translation_assignments" ("AssigneeId");

CREATE UNIQUE INDEX "IX_translation_assignments_ItemId_Locale" ON "translation_assignments" ("ItemId", "Locale");
