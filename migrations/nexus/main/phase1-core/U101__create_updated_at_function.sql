-- Rollback of V101: Trigger function update_updated_at_column() shared by every table with updated_at

DROP FUNCTION public.update_updated_at_column();
