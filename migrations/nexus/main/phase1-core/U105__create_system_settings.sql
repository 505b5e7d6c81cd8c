-- Rollback of V105: System settings: key/value platform configuration, with its seed rows

DROP TRIGGER update_system_settings_updated_at ON public.system_settings;
DROP TABLE public.system_settings;
