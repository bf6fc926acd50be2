-- 0028: one row per background job that must run on one node at a time (Hosting.IJobLease).
CREATE TABLE job_leases (
    "Name" character varying(100) NOT NULL,
    "Holder" character varying(200) NOT NULL,
    "ExpiresAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_job_leases" PRIMARY KEY ("Name")
);
