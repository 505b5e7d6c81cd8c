-- Rollback of V201: SSOT audit log and its trigger function log_ssot_changes()

DROP FUNCTION public.log_ssot_changes();
DROP TABLE public.ssot_audit_logs;
