-- SSOT governance rules: validation rules applied to API contracts
-- source: seed-docs/nexus.md §SSOT Registry Tables

CREATE TABLE public.ssot_governance_rules (
    id              uuid DEFAULT gen_random_uuid() NOT NULL,
    rule_name       varchar(255) NOT NULL,
    description     text,
    rule_type       varchar(50) NOT NULL,
    rule_definition jsonb DEFAULT '{}'::jsonb NOT NULL,
    severity        varchar(20) DEFAULT 'error' NOT NULL,
    contract_id     uuid,
    is_active       boolean DEFAULT true NOT NULL,
    created_at      timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at      timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    created_by      varchar(255) NOT NULL,
    updated_by      varchar(255) NOT NULL,
    CONSTRAINT ssot_governance_rules_pkey PRIMARY KEY (id),
    CONSTRAINT ssot_governance_rules_rule_name_key UNIQUE (rule_name),
    CONSTRAINT ssot_governance_rules_severity_check CHECK (severity IN ('info', 'warning', 'error')),
    CONSTRAINT ssot_governance_rules_contract_id_fkey FOREIGN KEY (contract_id) REFERENCES public.ssot_api_contracts (id) ON DELETE CASCADE
);
CREATE INDEX idx_ssot_governance_rules_contract_id ON public.ssot_governance_rules (contract_id);
CREATE INDEX idx_ssot_governance_rules_type_active ON public.ssot_governance_rules (rule_type, is_active);
CREATE TRIGGER update_ssot_governance_rules_updated_at BEFORE UPDATE ON public.ssot_governance_rules FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE TRIGGER log_ssot_governance_rules_changes AFTER INSERT OR UPDATE OR DELETE ON public.ssot_governance_rules FOR EACH ROW EXECUTE FUNCTION public.log_ssot_changes();
