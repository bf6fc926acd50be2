-- 0039: effectiveness reports: an enquiry's campaign and first answer, and one row per month mailed (promosite schema sqlite).
ALTER TABLE "enquiries" ADD COLUMN "Campaign" TEXT NULL;
ALTER TABLE "enquiries" ADD COLUMN "AnsweredAt" TEXT NULL;

CREATE TABLE "report_mailings" (
    "Month" TEXT NOT NULL CONSTRAINT "PK_report_mailings" PRIMARY KEY,
    "SentAt" TEXT NOT NULL,
    "Recipients" TEXT NOT NULL,
    "Attachment" TEXT NOT NULL
);
