-- Enum types UserRole and SubscriptionTier
-- source: seed-docs/mapleai.md §User Management

CREATE TYPE public."UserRole" AS ENUM ('ADMIN', 'USER', 'COMPLIANCE_OFFICER', 'HR_MANAGER', 'ANALYST', 'VIEWER');
CREATE TYPE public."SubscriptionTier" AS ENUM ('TRIAL', 'STARTER', 'PROFESSIONAL', 'ENTERPRISE');
