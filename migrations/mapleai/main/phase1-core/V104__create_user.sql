-- User: accounts of people, with role, company and subscription
-- source: seed-docs/mapleai.md §User Management

CREATE TABLE public."User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password" TEXT NOT NULL,
    "role" public."UserRole" NOT NULL DEFAULT 'USER',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "lastLoginAt" TIMESTAMP(3),
    "companyId" TEXT,
    "subscriptionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT,
    "updatedBy" TEXT,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
ALTER TABLE public."User" ADD CONSTRAINT "User_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES public."Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE public."User" ADD CONSTRAINT "User_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES public."Subscription"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE UNIQUE INDEX "User_email_key" ON public."User"("email");
CREATE INDEX "User_email_idx" ON public."User"("email");
CREATE INDEX "User_companyId_idx" ON public."User"("companyId");
CREATE INDEX "User_subscriptionId_idx" ON public."User"("subscriptionId");
