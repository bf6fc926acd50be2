-- 0003: accounts and the audit log (promosite schema sqlite).
CREATE TABLE "audit_log" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_log" PRIMARY KEY AUTOINCREMENT,
    "At" TEXT NOT NULL,
    "Actor" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Target" TEXT NULL,
    "Detail" TEXT NULL,
    "Address" TEXT NULL
);

CREATE TABLE "users" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_users" PRIMARY KEY AUTOINCREMENT,
    "Email" TEXT NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "PasswordHash" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "Locales" TEXT NOT NULL,
    "TotpSecret" TEXT NULL,
    "LastTotpStep" INTEGER NOT NULL,
    "SecurityStamp" TEXT NOT NULL,
    "FailedSignIns" INTEGER NOT NULL,
    "LockedUntil" TEXT NULL,
    "Disabled" INTEGER NOT NULL,
    "MustChangePassword" INTEGER NOT NULL,
    "TimeZone" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL
);

CREATE INDEX "IX_audit_log_Action_At" ON "audit_log" ("Action", "At");

CREATE INDEX "IX_audit_log_At" ON "audit_log" ("At");

CREATE UNIQUE INDEX "IX_users_Email" ON "users" ("Email");
