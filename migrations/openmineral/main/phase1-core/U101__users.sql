-- Rollback of V101: drop users and the updated_at trigger function
DROP TRIGGER update_users_updated_at ON users;
DROP TABLE users;
DROP FUNCTION update_updated_at_column();
