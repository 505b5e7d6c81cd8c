-- Rollback of V301: drop orders_conversation
DROP INDEX idx_conversations_user;
DROP TABLE orders_conversation;
