-- Rollback of V402: Workflow: per-company workflow definitions

DROP TABLE public."Workflow";
