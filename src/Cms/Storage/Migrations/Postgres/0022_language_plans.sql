-- 0022: the languages an item is meant to have ("vi,en"); NULL means every language (or, for an issue, its series' plan).
ALTER TABLE content_items ADD "PlannedLocales" character varying(40);
