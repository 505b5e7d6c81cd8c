-- AIModel: AI model versions, their status, metrics and configuration
-- source: seed-docs/mapleai.md §AI Models & Deployments

CREATE TABLE public."AIModel" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "performance" JSONB,
    "configuration" JSONB NOT NULL,
    "companyId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "AIModel_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AIModel_status_check" CHECK ("status" IN ('training', 'deployed', 'archived'))
);
ALTER TABLE public."AIModel" ADD CONSTRAINT "AIModel_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES public."Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "AIModel_type_idx" ON public."AIModel"("type");
CREATE INDEX "AIModel_status_idx" ON public."AIModel"("status");
CREATE INDEX "AIModel_companyId_idx" ON public."AIModel"("companyId");
