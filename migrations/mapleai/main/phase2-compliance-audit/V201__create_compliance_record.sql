-- ComplianceRecord: AML/KYC/OFAC and other compliance checks of a company
-- source: seed-docs/mapleai.md §Compliance Records

CREATE TABLE public."ComplianceRecord" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "riskScore" INTEGER,
    "data" JSONB NOT NULL,
    "metadata" JSONB,
    "companyId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "reviewedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ComplianceRecord_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ComplianceRecord_status_check" CHECK ("status" IN ('pending', 'approved', 'rejected', 'flagged')),
    CONSTRAINT "ComplianceRecord_riskScore_check" CHECK ("riskScore" BETWEEN 1 AND 100)
);
ALTER TABLE public."ComplianceRecord" ADD CONSTRAINT "ComplianceRecord_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES public."Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "ComplianceRecord_companyId_idx" ON public."ComplianceRecord"("companyId");
CREATE INDEX "ComplianceRecord_type_idx" ON public."ComplianceRecord"("type");
CREATE INDEX "ComplianceRecord_status_idx" ON public."ComplianceRecord"("status");
CREATE INDEX "ComplianceRecord_createdAt_idx" ON public."ComplianceRecord"("createdAt");
