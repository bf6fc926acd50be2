-- 0021: agencies (đơn vị), what each owns (a section, a type or a publication series), who works for
-- which, and the agency an audited change concerned (promosite schema sqlite).
CREATE TABLE "agencies" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_agencies" PRIMARY KEY AUTOINCREMENT,
    "Key" TEXT NOT NULL,
    "NameVi" TEXT NOT NULL,
    "NameEn" TEXT NOT NULL,
    "NameKo" TEXT NULL,
    "NameJa" TEXT NULL,
    "NameZh" TEXT NULL,
    "Address" TEXT NULL,
    "Phone" TEXT NULL,
    "Email" TEXT NULL,
    "Website" TEXT NULL,
    "CreatedAt" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_agencies_Key" ON "agencies" ("Key");

CREATE TABLE "agency_ownerships" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_agency_ownerships" PRIMARY KEY AUTOINCREMENT,
    "AgencyId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    CONSTRAINT "FK_agency_ownerships_agencies_AgencyId" FOREIGN KEY ("AgencyId") REFERENCES "agencies" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_agency_ownerships_Kind_Value_AgencyId" ON "agency_ownerships" ("Kind", "Value", "AgencyId");

CREATE INDEX "IX_agency_ownerships_AgencyId" ON "agency_ownerships" ("AgencyId");

CREATE TABLE "agency_members" (
    "UserId" INTEGER NOT NULL,
    "AgencyId" INTEGER NOT NULL,
    CONSTRAINT "PK_agency_members" PRIMARY KEY ("UserId", "AgencyId"),
    CONSTRAINT "FK_agency_members_agencies_AgencyId" FOREIGN KEY ("AgencyId") REFERENCES "agencies" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_agency_members_users_UserId" FOREIGN KEY ("UserId") REFERENCES "users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_agency_members_AgencyId" ON "agency_members" ("AgencyId");

ALTER TABLE "audit_log" ADD COLUMN "Agency" TEXT NULL;
