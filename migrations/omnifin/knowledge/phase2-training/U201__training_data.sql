-- Rollback of V201: drop knowledge_trainingdata
DROP INDEX idx_trainingdata_group_type;
DROP TABLE knowledge_trainingdata;
