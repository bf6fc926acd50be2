-- 0011: webhooks: subscriptions, the outbox of events, deliveries and their attempts (promosite schema sqlite).
CREATE TABLE "webhook_subscriptions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_webhook_subscriptions" PRIMARY KEY AUTOINCREMENT,
    "Url" TEXT NOT NULL,
    "Description" TEXT NULL,
    "Events" TEXT NOT NULL,
    "Locales" TEXT NOT NULL,
    "ProtectedSecret" TEXT NOT NULL,
    "Active" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL
);

CREATE TABLE "webhook_events" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_webhook_events" PRIMARY KEY AUTOINCREMENT,
    "Event" TEXT NOT NULL,
    "ItemId" INTEGER NOT NULL,
    "Type" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "Locale" TEXT NOT NULL,
    "OccurredAt" TEXT NOT NULL,
    "Dispatched" INTEGER NOT NULL
);

CREATE TABLE "webhook_deliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_webhook_deliveries" PRIMARY KEY AUTOINCREMENT,
    "SubscriptionId" INTEGER NOT NULL,
    "EventId" INTEGER NOT NULL,
    "Event" TEXT NOT NULL,
    "Locale" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "DeliveredAt" TEXT NULL,
    CONSTRAINT "FK_webhook_deliveries_webhook_subscriptions_SubscriptionId" FOREIGN KEY ("SubscriptionId") REFERENCES "webhook_subscriptions" ("Id") ON DELETE CASCADE
);

CREATE TABLE "webhook_attempts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_webhook_attempts" PRIMARY KEY AUTOINCREMENT,
    "DeliveryId" INTEGER NOT NULL,
    "At" TEXT NOT NULL,
    "StatusCode" INTEGER NULL,
    "Error" TEXT NULL,
    "DurationMs" INTEGER NOT NULL,
    "Response" TEXT NULL,
    CONSTRAINT "FK_webhook_attempts_webhook_deliveries_DeliveryId" FOREIGN KEY ("DeliveryId") REFERENCES "webhook_deliveries" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_webhook_attempts_DeliveryId" ON "webhook_attempts" ("DeliveryId");

CREATE INDEX "IX_webhook_deliveries_State_NextAttemptAt" ON "webhook_deliveries" ("State", "NextAttemptAt");

CREATE INDEX "IX_webhook_deliveries_SubscriptionId" ON "webhook_deliveries" ("SubscriptionId");

CREATE INDEX "IX_webhook_events_Dispatched" ON "webhook_events" ("Dispatched");
