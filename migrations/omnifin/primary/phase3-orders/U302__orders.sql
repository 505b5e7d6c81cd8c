-- Rollback of V302: drop orders_order
DROP TRIGGER update_orders_updated_at ON orders_order;
DROP INDEX idx_orders_assigned_status;
DROP INDEX idx_orders_conversation;
DROP INDEX idx_orders_created;
DROP INDEX idx_orders_status;
DROP INDEX idx_orders_user;
DROP TABLE orders_order;
