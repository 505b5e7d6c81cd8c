-- Rollback of V102: drop auth_userpermissions
DROP TABLE auth_userpermissions;
