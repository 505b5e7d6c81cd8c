-- Rollback of V301: API keys: hashed credentials issued to users

DROP TRIGGER update_api_keys_updated_at ON public.api_keys;
DROP TABLE public.api_keys;
