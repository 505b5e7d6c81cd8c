-- Rollback of V203: drop compliance_checks
DROP INDEX idx_compliance_deal_id;
DROP TABLE compliance_checks;
