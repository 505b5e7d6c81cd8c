-- Rollback of V204: SSOT governance rules: validation rules applied to API contracts

DROP TRIGGER log_ssot_governance_rules_changes ON public.ssot_governance_rules;
DROP TRIGGER update_ssot_governance_rules_updated_at ON public.ssot_governance_rules;
DROP TABLE public.ssot_governance_rules;
