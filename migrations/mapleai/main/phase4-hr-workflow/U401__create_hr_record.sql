-- Rollback of V401: HRRecord: candidate, employee and performance records with AI insights

DROP TABLE public."HRRecord";
