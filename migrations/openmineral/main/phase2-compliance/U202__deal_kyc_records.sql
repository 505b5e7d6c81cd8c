-- Rollback of V202: drop deal_kyc_records
DROP INDEX idx_deal_kyc_records_kyc_record_id;
DROP TABLE deal_kyc_records;
