-- AuditLog: append-only audit trail, range-partitioned by month on timestamp
-- source: seed-docs/mapleai.md §Audit Logging; Partitioning

CREATE TABLE public."AuditLog" (
    "id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "changes" JSONB,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "timestamp" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id", "timestamp"),
    CONSTRAINT "AuditLog_action_check" CHECK ("action" IN ('CREATE', 'UPDATE', 'DELETE', 'VIEW'))
) PARTITION BY RANGE ("timestamp");
ALTER TABLE public."AuditLog" ADD CONSTRAINT "AuditLog_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES public."Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "AuditLog_entityType_entityId_idx" ON public."AuditLog"("entityType", "entityId");
CREATE INDEX "AuditLog_userId_idx" ON public."AuditLog"("userId");
CREATE INDEX "AuditLog_companyId_idx" ON public."AuditLog"("companyId");
CREATE INDEX "AuditLog_timestamp_idx" ON public."AuditLog"("timestamp");
CREATE TABLE public."AuditLog_2026_12" PARTITION OF public."AuditLog" FOR VALUES FROM ('2026-12-01 00:00:00') TO ('2027-01-01 00:00:00');
CREATE TABLE public."AuditLog_2027_01" PARTITION OF public."AuditLog" FOR VALUES FROM ('2027-01-01 00:00:00') TO ('2027-02-01 00:00:00');
CREATE TABLE public."AuditLog_2027_02" PARTITION OF public."AuditLog" FOR VALUES FROM ('2027-02-01 00:00:00') TO ('2027-03-01 00:00:00');
CREATE TABLE public."AuditLog_default" PARTITION OF public."AuditLog" DEFAULT;

CREATE FUNCTION public.prevent_audit_log_mutation() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'AuditLog is append-only: % is not allowed', TG_OP
        USING HINT = 'Retention is handled by detaching or dropping whole monthly partitions.';
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON public."AuditLog" FOR EACH ROW EXECUTE FUNCTION public.prevent_audit_log_mutation();
