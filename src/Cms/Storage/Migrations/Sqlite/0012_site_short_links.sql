-- 0012: one short link per item, language and purpose for the links the site makes itself (promosite schema sqlite).
CREATE UNIQUE INDEX "IX_short_links_site" ON "short_links" ("ItemId", "Locale", "Campaign") WHERE "CreatedBy" = 'site';
