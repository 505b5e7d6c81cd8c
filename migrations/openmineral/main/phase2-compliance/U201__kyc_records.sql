-- Rollback of V201: drop kyc_records
DROP INDEX idx_kyc_user_id;
DROP TABLE kyc_records;
