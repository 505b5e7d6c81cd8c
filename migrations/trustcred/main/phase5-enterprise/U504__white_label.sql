-- Rollback of V504__white_label: white-label branding, custom credential templates and custom fields

DROP TABLE custom_fields;
DROP TABLE custom_credential_templates;
DROP TABLE organization_branding;
