-- 0029: the press room's mail. Each accreditation request tracks its acknowledgement to the journalist
-- and its notice to the press officers (retried with growing waits, as enquiries); the monitoring
-- digest keeps one row per day it was sent, so two nodes never send the same day twice.
ALTER TABLE "accreditation_requests" ADD COLUMN "AcknowledgedAt" TEXT NULL;
ALTER TABLE "accreditation_requests" ADD COLUMN "MailAttempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "accreditation_requests" ADD COLUMN "NoticeSentAt" TEXT NULL;
ALTER TABLE "accreditation_requests" ADD COLUMN "NoticeAttempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "accreditation_requests" ADD COLUMN "NextMailAt" TEXT NULL;

-- Requests from before this were answered by hand; mail none of them now.
UPDATE "accreditation_requests" SET "AcknowledgedAt" = "ReceivedAt", "NoticeSentAt" = "ReceivedAt";

CREATE TABLE "monitoring_digests" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_monitoring_digests" PRIMARY KEY AUTOINCREMENT,
    "Day" TEXT NOT NULL,
    "CoversUntil" TEXT NOT NULL,
    "Mentions" INTEGER NOT NULL,
    "Recipients" TEXT NOT NULL,
    "SentAt" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_monitoring_digests_Day" ON "monitoring_digests" ("Day");
