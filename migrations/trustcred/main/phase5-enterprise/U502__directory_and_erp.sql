-- Rollback of V502__directory_and_erp: lDAP/Active Directory integration and ERP connections

DROP TABLE erp_integrations;
DROP TABLE ldap_user_mappings;
DROP TABLE ldap_configurations;
