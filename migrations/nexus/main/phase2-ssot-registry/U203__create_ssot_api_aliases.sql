-- Rollback of V203: SSOT API aliases: alternative names of a contract per context

DROP TRIGGER log_ssot_api_aliases_changes ON public.ssot_api_aliases;
DROP TRIGGER update_ssot_api_aliases_updated_at ON public.ssot_api_aliases;
DROP TABLE public.ssot_api_aliases;
