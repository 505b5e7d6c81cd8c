-- Rollback of V101: Enum types UserRole and SubscriptionTier

DROP TYPE public."SubscriptionTier";
DROP TYPE public."UserRole";
