-- Rollback of V303: drop orders_message
DROP INDEX idx_messages_created;
DROP INDEX idx_messages_conversation;
DROP TABLE orders_message;
