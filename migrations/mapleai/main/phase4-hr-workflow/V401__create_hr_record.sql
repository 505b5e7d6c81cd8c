-- HRRecord: candidate, employee and performance records with AI insights
-- source: seed-docs/mapleai.md §HR Records

CREATE TABLE public."HRRecord" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "aiInsights" JSONB,
    "companyId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "HRRecord_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "HRRecord_status_check" CHECK ("status" IN ('active', 'inactive', 'pending'))
);
ALTER TABLE public."HRRecord" ADD CONSTRAINT "HRRecord_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES public."Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "HRRecord_type_idx" ON public."HRRecord"("type");
CREATE INDEX "HRRecord_status_idx" ON public."HRRecord"("status");
CREATE INDEX "HRRecord_companyId_idx" ON public."HRRecord"("companyId");
