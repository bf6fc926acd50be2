-- 0039: effectiveness reports: an enquiry's campaign and first answer, and one row per month mailed (promosite schema postgres).
ALTER TABLE enquiries ADD "Campaign" character varying(200);
ALTER TABLE enquiries ADD "AnsweredAt" timestamp with time zone;

CREATE TABLE report_mailings (
    "Month" character varying(7) NOT NULL,
    "SentAt" timestamp with time zone NOT NULL,
    "Recipients" character varying(2000) NOT NULL,
    "Attachment" character varying(8) NOT NULL,
    CONSTRAINT "PK_report_mailings" PRIMARY KEY ("Month")
);
