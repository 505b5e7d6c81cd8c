-- Rollback of V104__verification_and_audit: monthly-partitioned verification logs and append-only audit logs

DROP TABLE audit_logs;
DROP TABLE verification_logs;
DROP FUNCTION prevent_audit_log_mutation();
DROP FUNCTION create_monthly_partition(regclass, date);
