-- Rollback of V202: AuditLog: append-only audit trail, range-partitioned by month on timestamp

DROP TRIGGER audit_log_append_only ON public."AuditLog";
DROP FUNCTION public.prevent_audit_log_mutation();
DROP TABLE public."AuditLog_default";
DROP TABLE public."AuditLog_2027_02";
DROP TABLE public."AuditLog_2027_01";
DROP TABLE public."AuditLog_2026_12";
DROP TABLE public."AuditLog";
