-- OpenMineral compliance checks: regulatory screenings of a deal (many per deal)
-- source: seed-docs/openmineral.md §Compliance Checks Table, §Indexes
CREATE TABLE compliance_checks (
    id SERIAL PRIMARY KEY,
    deal_id INTEGER REFERENCES deals(id),
    regulations TEXT[],
    status VARCHAR(20) NOT NULL CHECK (status IN ('compliant', 'non_compliant', 'pending')),
    violations TEXT[],
    checked_by INTEGER REFERENCES users(id),
    checked_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_compliance_deal_id ON compliance_checks(deal_id);
