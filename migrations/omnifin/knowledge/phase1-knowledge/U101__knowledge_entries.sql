-- Rollback of V101: drop the knowledge entry tables and their trigger functions
DROP TABLE knowledge_knowledgeversion;
DROP TRIGGER update_knowledge_updated_at ON knowledge_knowledgeentry;
DROP TRIGGER knowledge_version_control ON knowledge_knowledgeentry;
DROP INDEX idx_knowledge_created;
DROP INDEX idx_knowledge_category;
DROP INDEX idx_knowledge_group;
DROP TABLE knowledge_knowledgeentry;
DROP FUNCTION create_knowledge_version();
DROP FUNCTION update_updated_at_column();
