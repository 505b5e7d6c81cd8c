-- Functions, procedures and aggregates: signature, attributes and body (hashed by the caller).
SELECT n.nspname::text AS schema,
       p.proname::text AS name,
       pg_catalog.oidvectortypes(p.proargtypes) AS arg_types,
       p.prokind::text AS kind,
       pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
       coalesce(pg_catalog.pg_get_function_result(p.oid), '') AS result,
       l.lanname::text AS language,
       p.provolatile::text AS volatility,
       p.proisstrict AS strict,
       p.prosecdef AS security_definer,
       p.proparallel::text AS parallel,
       coalesce(p.proconfig, '{}') AS config,
       CASE
         -- An aggregate's "body" is its transition machinery; prosrc is a placeholder.
         WHEN p.prokind = 'a' THEN (
           SELECT concat_ws(' ', ag.aggtransfn::regproc::text, pg_catalog.format_type(ag.aggtranstype, NULL),
                            ag.aggfinalfn::regproc::text, ag.aggcombinefn::regproc::text, ag.agginitval)
           FROM pg_catalog.pg_aggregate ag WHERE ag.aggfnoid = p.oid)
         -- SQL-standard bodies (BEGIN ATOMIC ... END) live in prosqlbody, not prosrc.
         WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid)
         ELSE p.prosrc
       END AS body
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE n.nspname NOT IN ('dbctl', 'pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname !~ '^pg_(toast_)?temp_'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3
