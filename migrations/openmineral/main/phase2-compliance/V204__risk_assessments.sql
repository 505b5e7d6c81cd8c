-- OpenMineral risk assessments: the single 0-10 risk score of a deal with its factors
-- source: seed-docs/openmineral.md §Risk Assessments Table, §Relationships (4), §Indexes
CREATE TABLE risk_assessments (
    id SERIAL PRIMARY KEY,
    deal_id INTEGER REFERENCES deals(id),
    overall_score DECIMAL(3,1) NOT NULL CHECK (overall_score >= 0.0 AND overall_score <= 10.0),
    risk_factors JSONB,
    recommendations TEXT[],
    assessed_by INTEGER REFERENCES users(id),
    assessed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE UNIQUE INDEX idx_risk_deal_id ON risk_assessments(deal_id);
