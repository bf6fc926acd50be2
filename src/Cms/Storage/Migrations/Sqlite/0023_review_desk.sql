-- 0023: the reviewer's desk (comment threads and send-back notes per language version), the
-- workflow's notice e-mails waiting to be sent, the opt-outs, and the fast lane's cells.
CREATE TABLE "review_notes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_review_notes" PRIMARY KEY AUTOINCREMENT,
    "ItemId" INTEGER NOT NULL,
    "Locale" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "Author" TEXT NOT NULL,
    "AuthorName" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    CONSTRAINT "FK_review_notes_content_items_ItemId" FOREIGN KEY ("ItemId") REFERENCES "content_items" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_review_notes_ItemId_Locale" ON "review_notes" ("ItemId", "Locale");

CREATE TABLE "workflow_mail" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_workflow_mail" PRIMARY KEY AUTOINCREMENT,
    "UserId" INTEGER NOT NULL,
    "To" TEXT NOT NULL,
    "Language" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "SentAt" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" TEXT NULL,
    CONSTRAINT "FK_workflow_mail_users_UserId" FOREIGN KEY ("UserId") REFERENCES "users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_workflow_mail_SentAt" ON "workflow_mail" ("SentAt");

CREATE INDEX "IX_workflow_mail_UserId" ON "workflow_mail" ("UserId");

CREATE TABLE "review_mail_opt_outs" (
    "UserId" INTEGER NOT NULL CONSTRAINT "PK_review_mail_opt_outs" PRIMARY KEY,
    "At" TEXT NOT NULL,
    CONSTRAINT "FK_review_mail_opt_outs_users_UserId" FOREIGN KEY ("UserId") REFERENCES "users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "fast_lane_cells" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_fast_lane_cells" PRIMARY KEY AUTOINCREMENT,
    "ItemId" INTEGER NOT NULL,
    "Locale" TEXT NOT NULL,
    "AssigneeId" INTEGER NOT NULL,
    "DueAt" TEXT NOT NULL,
    "StartedBy" TEXT NOT NULL,
    "StartedAt" TEXT NOT NULL,
    "ClosedAt" TEXT NULL,
    CONSTRAINT "FK_fast_lane_cells_content_items_ItemId" FOREIGN KEY ("ItemId") REFERENCES "content_items" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_fast_lane_cells_users_AssigneeId" FOREIGN KEY ("AssigneeId") REFERENCES "users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_fast_lane_cells_AssigneeId" ON "fast_lane_cells" ("AssigneeId");

CREATE INDEX "IX_fast_lane_cells_ItemId_Locale" ON "fast_lane_cells" ("ItemId", "Locale");
