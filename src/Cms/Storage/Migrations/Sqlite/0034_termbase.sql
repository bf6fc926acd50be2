-- 0034: the termbase (Terminology.Term): approved forms and forbidden variants per language.
CREATE TABLE "terms" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_terms" PRIMARY KEY AUTOINCREMENT,
    "Vi" TEXT NOT NULL,
    "En" TEXT NULL,
    "Ko" TEXT NULL,
    "Ja" TEXT NULL,
    "Zh" TEXT NULL,
    "ForbiddenVi" TEXT NULL,
    "ForbiddenEn" TEXT NULL,
    "ForbiddenKo" TEXT NULL,
    "ForbiddenJa" TEXT NULL,
    "ForbiddenZh" TEXT NULL,
    "Domain" TEXT NOT NULL,
    "Note" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_terms_Vi" ON "terms" ("Vi");
