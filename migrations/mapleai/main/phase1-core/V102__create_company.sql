-- Company: the tenant every record belongs to
-- source: seed-docs/mapleai.md §Company & Organization

CREATE TABLE public."Company" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "industry" TEXT,
    "size" TEXT,
    "region" TEXT,
    "complianceLevel" TEXT,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Company_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Company_name_idx" ON public."Company"("name");
CREATE INDEX "Company_industry_idx" ON public."Company"("industry");
CREATE INDEX "Company_region_idx" ON public."Company"("region");
