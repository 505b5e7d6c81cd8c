-- Rollback of V102__users_and_access: users with role-based access, their sessions and organization API keys

DROP TABLE api_keys;
DROP TABLE user_sessions;
DROP TABLE users;
