-- Rollback of V103: Subscription: a company's plan, price and billing cycle

DROP TABLE public."Subscription";
