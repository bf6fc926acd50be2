-- 0020: each user picks the admin's language (Vietnamese, the default for the province's staff, or English).
ALTER TABLE users ADD "AdminLanguage" character varying(8) NOT NULL DEFAULT 'vi';
