-- 0019: the staff notice of an enquiry is tracked (and retried) on its own, with growing waits.
ALTER TABLE enquiries ADD "NoticeSentAt" timestamp with time zone NULL;
ALTER TABLE enquiries ADD "NoticeAttempts" integer NOT NULL DEFAULT 0;
ALTER TABLE enquiries ADD "NextMailAt" timestamp with time zone NULL;

-- Enquiries handled before this were either acknowledged (their notice was tried then) or erased
-- or spam; do not notify staff of them again.
UPDATE enquiries SET "NoticeSentAt" = COALESCE("AcknowledgedAt", "ReceivedAt")
WHERE "AcknowledgedAt" IS NOT NULL OR "ErasedAt" IS NOT NULL OR "Status" = 'Spam';
