-- Rollback of V204: drop risk_assessments
DROP INDEX idx_risk_deal_id;
DROP TABLE risk_assessments;
