-- API keys: hashed credentials issued to users
-- source: seed-docs/nexus.md §Supporting Tables

CREATE TABLE public.api_keys (
    id           uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id      uuid NOT NULL,
    name         varchar(100) NOT NULL,
    key_prefix   varchar(16) NOT NULL,
    key_hash     varchar(255) NOT NULL,
    scopes       text[] DEFAULT '{}'::text[] NOT NULL,
    is_active    boolean DEFAULT true NOT NULL,
    expires_at   timestamp with time zone,
    last_used_at timestamp with time zone,
    revoked_at   timestamp with time zone,
    created_at   timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at   timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT api_keys_pkey PRIMARY KEY (id),
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash),
    CONSTRAINT api_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE
);
CREATE INDEX idx_api_keys_user_id ON public.api_keys (user_id);
CREATE INDEX idx_api_keys_key_prefix ON public.api_keys (key_prefix);
CREATE TRIGGER update_api_keys_updated_at BEFORE UPDATE ON public.api_keys FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
