-- Rollback of V201: ComplianceRecord: AML/KYC/OFAC and other compliance checks of a company

DROP TABLE public."ComplianceRecord";
