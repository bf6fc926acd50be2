-- 0014: server-side staff sessions and hashed recovery codes; the per-account lock-out columns give way to SignInThrottle (promosite schema sqlite).
CREATE TABLE "user_sessions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_user_sessions" PRIMARY KEY AUTOINCREMENT,
    "UserId" INTEGER NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "LastSeenAt" TEXT NOT NULL,
    "IdleExpiresAt" TEXT NOT NULL,
    "AbsoluteExpiresAt" TEXT NOT NULL,
    "UserAgent" TEXT NULL,
    "Address" TEXT NULL,
    "RevokedAt" TEXT NULL,
    "RevokedReason" TEXT NULL,
    CONSTRAINT "FK_user_sessions_users_UserId" FOREIGN KEY ("UserId") REFERENCES "users" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_user_sessions_TokenHash" ON "user_sessions" ("TokenHash");

CREATE INDEX "IX_user_sessions_UserId" ON "user_sessions" ("UserId");

CREATE TABLE "recovery_codes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_recovery_codes" PRIMARY KEY AUTOINCREMENT,
    "UserId" INTEGER NOT NULL,
    "CodeHash" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UsedAt" TEXT NULL,
    CONSTRAINT "FK_recovery_codes_users_UserId" FOREIGN KEY ("UserId") REFERENCES "users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_recovery_codes_UserId" ON "recovery_codes" ("UserId");

ALTER TABLE "users" DROP COLUMN "FailedSignIns";

ALTER TABLE "users" DROP COLUMN "LockedUntil";
