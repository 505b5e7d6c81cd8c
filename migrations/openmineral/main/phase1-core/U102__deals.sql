-- Rollback of V102: drop deals
DROP TRIGGER update_deals_updated_at ON deals;
DROP INDEX idx_deals_created_by;
DROP INDEX idx_deals_commodity;
DROP INDEX idx_deals_status;
DROP TABLE deals;
