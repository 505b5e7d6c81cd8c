-- SSOT API aliases: alternative names of a contract per context
-- source: seed-docs/nexus.md §Table Specifications / ssot_api_aliases

CREATE TABLE public.ssot_api_aliases (
    id          uuid DEFAULT gen_random_uuid() NOT NULL,
    contract_id uuid NOT NULL,
    alias_name  varchar(255) NOT NULL,
    context     varchar(100) NOT NULL,
    alias_type  varchar(20) DEFAULT 'permanent',
    expires_at  timestamp with time zone,
    description text,
    is_active   boolean DEFAULT true,
    created_at  timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    updated_at  timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    created_by  varchar(255) NOT NULL,
    updated_by  varchar(255) NOT NULL,
    CONSTRAINT ssot_api_aliases_pkey PRIMARY KEY (id),
    CONSTRAINT ssot_api_aliases_alias_name_context_key UNIQUE (alias_name, context),
    CONSTRAINT ssot_api_aliases_alias_type_check CHECK (alias_type IN ('permanent', 'temporary')),
    CONSTRAINT ssot_api_aliases_contract_id_fkey FOREIGN KEY (contract_id) REFERENCES public.ssot_api_contracts (id) ON DELETE CASCADE
);
CREATE INDEX idx_ssot_api_aliases_contract_id ON public.ssot_api_aliases (contract_id);
CREATE INDEX idx_ssot_api_aliases_alias_name ON public.ssot_api_aliases (alias_name);
CREATE INDEX idx_ssot_api_aliases_context ON public.ssot_api_aliases (context);
CREATE INDEX idx_ssot_api_aliases_active ON public.ssot_api_aliases (is_active);
CREATE TRIGGER update_ssot_api_aliases_updated_at BEFORE UPDATE ON public.ssot_api_aliases FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE TRIGGER log_ssot_api_aliases_changes AFTER INSERT OR UPDATE OR DELETE ON public.ssot_api_aliases FOR EACH ROW EXECUTE FUNCTION public.log_ssot_changes();
