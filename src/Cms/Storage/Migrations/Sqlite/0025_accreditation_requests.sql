-- 0025: journalists' accreditation requests for events, kept like enquiries (promosite schema sqlite).
CREATE TABLE "accreditation_requests" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_accreditation_requests" PRIMARY KEY AUTOINCREMENT,
    "Locale" TEXT NOT NULL,
    "EventItemId" INTEGER NULL,
    "EventTitle" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "MediaOutlet" TEXT NOT NULL,
    "Role" TEXT NULL,
    "Email" TEXT NOT NULL,
    "Phone" TEXT NULL,
    "Country" TEXT NULL,
    "PressCard" TEXT NULL,
    "Message" TEXT NULL,
    "Status" TEXT NOT NULL,
    "Note" TEXT NULL,
    "ReceivedAt" TEXT NOT NULL,
    "ErasedAt" TEXT NULL
);

CREATE INDEX "IX_accreditation_requests_Status_ReceivedAt" ON "accreditation_requests" ("Status", "ReceivedAt");
