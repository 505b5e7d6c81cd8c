-- OpenMineral KYC records: identity checks of a person, reviewed by a compliance user
-- source: seed-docs/openmineral.md §KYC Records Table, §Indexes
CREATE TABLE kyc_records (
    id SERIAL PRIMARY KEY,
    user_id INTEGER REFERENCES users(id),
    full_name VARCHAR(100) NOT NULL,
    date_of_birth DATE NOT NULL,
    nationality VARCHAR(50) NOT NULL,
    address TEXT NOT NULL,
    id_type VARCHAR(20) NOT NULL CHECK (id_type IN ('passport', 'id_card', 'driver_license')),
    id_number VARCHAR(50) NOT NULL,
    status VARCHAR(20) NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    risk_level VARCHAR(10) NOT NULL CHECK (risk_level IN ('low', 'medium', 'high')),
    submitted_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    reviewed_at TIMESTAMP,
    reviewed_by INTEGER REFERENCES users(id)
);

CREATE INDEX idx_kyc_user_id ON kyc_records(user_id);
