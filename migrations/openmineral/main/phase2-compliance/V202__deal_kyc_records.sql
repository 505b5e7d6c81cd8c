-- OpenMineral deal/KYC link: the one KYC record that covers each counterparty of a deal
-- source: seed-docs/openmineral.md §Relationships (2); see Decisions D3 in docs/schemas/openmineral.md
CREATE TABLE deal_kyc_records (
    deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    counterparty VARCHAR(100) NOT NULL,
    kyc_record_id INTEGER NOT NULL REFERENCES kyc_records(id) ON DELETE RESTRICT,
    linked_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (deal_id, counterparty)
);

CREATE INDEX idx_deal_kyc_records_kyc_record_id ON deal_kyc_records(kyc_record_id);
