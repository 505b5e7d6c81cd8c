-- SSOT API contracts: canonical API definitions
-- source: seed-docs/nexus.md §Table Specifications / ssot_api_contracts

CREATE TABLE public.ssot_api_contracts (
    id             uuid DEFAULT gen_random_uuid() NOT NULL,
    canonical_name varchar(255) NOT NULL,
    version        varchar(50) NOT NULL,
    description    text,
    base_url       varchar(500) NOT NULL,
    status         varchar(20) DEFAULT 'active',
    created_at     timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    updated_at     timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    created_by     varchar(255) NOT NULL,
    updated_by     varchar(255) NOT NULL,
    CONSTRAINT ssot_api_contracts_pkey PRIMARY KEY (id),
    CONSTRAINT ssot_api_contracts_canonical_name_key UNIQUE (canonical_name),
    CONSTRAINT ssot_api_contracts_status_check CHECK (status IN ('active', 'deprecated', 'archived'))
);
CREATE INDEX idx_ssot_api_contracts_canonical_name ON public.ssot_api_contracts (canonical_name);
CREATE INDEX idx_ssot_api_contracts_status ON public.ssot_api_contracts (status);
CREATE TRIGGER update_ssot_api_contracts_updated_at BEFORE UPDATE ON public.ssot_api_contracts FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE TRIGGER log_ssot_api_contracts_changes AFTER INSERT OR UPDATE OR DELETE ON public.ssot_api_contracts FOR EACH ROW EXECUTE FUNCTION public.log_ssot_changes();
