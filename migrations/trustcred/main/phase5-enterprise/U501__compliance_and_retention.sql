-- Rollback of V501__compliance_and_retention: enhanced compliance audit logs, retention policies and their enforcement

DROP FUNCTION enforce_retention_policies(timestamp with time zone);
DROP TABLE retention_policies;
DROP TABLE enhanced_audit_logs;
