-- 0027: the data-protection key ring lives in the database, shared by every node (cookies and
-- authenticator secrets protected on one are read on another). Keys kept until now in data/keys
-- are copied in at the first start after this migration (Hosting.SharedKeyRing).
CREATE TABLE "data_protection_keys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);
