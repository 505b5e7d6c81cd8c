-- Rollback of V202: SSOT API contracts: canonical API definitions

DROP TRIGGER log_ssot_api_contracts_changes ON public.ssot_api_contracts;
DROP TRIGGER update_ssot_api_contracts_updated_at ON public.ssot_api_contracts;
DROP TABLE public.ssot_api_contracts;
