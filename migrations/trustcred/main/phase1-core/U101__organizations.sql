-- Rollback of V101__organizations: shared updated_at trigger function, issuer categories (seeded) and issuer organizations

DROP TABLE organizations;
DROP TABLE issuer_categories;
DROP FUNCTION set_updated_at();
