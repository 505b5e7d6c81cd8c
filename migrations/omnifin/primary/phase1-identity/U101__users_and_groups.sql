-- Rollback of V101: drop users_user, groups_group and the updated_at trigger function
ALTER TABLE users_user DROP CONSTRAINT users_user_group_id_fkey;
DROP TABLE groups_group;
DROP TRIGGER update_users_updated_at ON users_user;
DROP INDEX idx_users_user_role;
DROP INDEX idx_users_user_group;
DROP INDEX idx_users_user_email;
DROP TABLE users_user;
DROP FUNCTION update_updated_at_column();
