-- 0015: personal access tokens for the management API; only the SHA-256 of the secret is kept (promosite schema sqlite).
CREATE TABLE "api_tokens" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_api_tokens" PRIMARY KEY AUTOINCREMENT,
    "UserId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "PublicId" TEXT NOT NULL,
    "SecretHash" TEXT NOT NULL,
    "Scopes" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    "LastUsedAt" TEXT NULL,
    "RevokedAt" TEXT NULL,
    "RevokedBy" TEXT NULL,
    CONSTRAINT "FK_api_tokens_users_UserId" FOREIGN KEY ("UserId") REFERENCES "users" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_api_tokens_PublicId" ON "api_tokens" ("PublicId");

CREATE INDEX "IX_api_tokens_UserId" ON "api_tokens" ("UserId");
