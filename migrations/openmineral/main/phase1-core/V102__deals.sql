-- OpenMineral deals: commodity trades between the platform and one counterparty
-- source: seed-docs/openmineral.md §Deals Table, §Indexes
CREATE TABLE deals (
    id SERIAL PRIMARY KEY,
    title VARCHAR(200) NOT NULL,
    description TEXT,
    commodity VARCHAR(50) NOT NULL,
    quantity DECIMAL(15,2) NOT NULL CHECK (quantity > 0),
    price DECIMAL(15,2) NOT NULL CHECK (price >= 0),
    counterparty VARCHAR(100) NOT NULL,
    status VARCHAR(20) NOT NULL CHECK (status IN ('draft', 'pending', 'active', 'completed', 'cancelled')),
    created_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_deals_status ON deals(status);
CREATE INDEX idx_deals_commodity ON deals(commodity);
CREATE INDEX idx_deals_created_by ON deals(created_by);

CREATE TRIGGER update_deals_updated_at BEFORE UPDATE ON deals
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
