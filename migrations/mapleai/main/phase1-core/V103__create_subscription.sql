-- Subscription: a company's plan, price and billing cycle
-- source: seed-docs/mapleai.md §Subscription Management

CREATE TABLE public."Subscription" (
    "id" TEXT NOT NULL,
    "tier" public."SubscriptionTier" NOT NULL,
    "status" TEXT NOT NULL,
    "startDate" TIMESTAMP(3) NOT NULL,
    "endDate" TIMESTAMP(3),
    "billingCycle" TEXT NOT NULL,
    "price" DECIMAL(10,2) NOT NULL,
    "features" JSONB,
    "companyId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Subscription_status_check" CHECK ("status" IN ('active', 'suspended', 'cancelled')),
    CONSTRAINT "Subscription_billingCycle_check" CHECK ("billingCycle" IN ('monthly', 'annual'))
);
ALTER TABLE public."Subscription" ADD CONSTRAINT "Subscription_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES public."Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "Subscription_companyId_idx" ON public."Subscription"("companyId");
CREATE INDEX "Subscription_tier_idx" ON public."Subscription"("tier");
CREATE INDEX "Subscription_status_idx" ON public."Subscription"("status");
