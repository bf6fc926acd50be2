-- 0013: enquiries from investors, kept in the database before any mail is attempted (promosite schema sqlite).
CREATE TABLE "enquiries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_enquiries" PRIMARY KEY AUTOINCREMENT,
    "ItemId" INTEGER NOT NULL,
    "Locale" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Organisation" TEXT NULL,
    "Email" TEXT NOT NULL,
    "Country" TEXT NULL,
    "Phone" TEXT NULL,
    "Message" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Note" TEXT NULL,
    "ReceivedAt" TEXT NOT NULL,
    "AcknowledgedAt" TEXT NULL,
    "MailAttempts" INTEGER NOT NULL,
    "ErasedAt" TEXT NULL
);

CREATE INDEX "IX_enquiries_Status_ReceivedAt" ON "enquiries" ("Status", "ReceivedAt");
