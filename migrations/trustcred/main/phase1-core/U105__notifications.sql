-- Rollback of V105__notifications: user notification system

DROP TABLE notifications;
