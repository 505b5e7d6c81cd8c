-- Rollback of V201: drop core_apiconfiguration
DROP TRIGGER update_core_apiconfiguration_updated_at ON core_apiconfiguration;
DROP INDEX idx_core_apiconfiguration_group_type;
DROP TABLE core_apiconfiguration;
