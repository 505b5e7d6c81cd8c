-- Rollback of V202: drop core_systemsetting and its seeded rows
DROP TRIGGER update_core_systemsetting_updated_at ON core_systemsetting;
DROP TABLE core_systemsetting;
