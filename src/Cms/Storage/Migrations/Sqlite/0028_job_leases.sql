-- 0028: one row per background job that must run on one node at a time (Hosting.IJobLease).
CREATE TABLE "job_leases" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_job_leases" PRIMARY KEY,
    "Holder" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL
);
