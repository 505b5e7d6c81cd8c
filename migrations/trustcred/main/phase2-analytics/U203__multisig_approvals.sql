-- Rollback of V203__multisig_approvals: multi-signature requirements and credential approvals

DROP TABLE credential_approvals;
DROP TABLE multisig_requirements;
