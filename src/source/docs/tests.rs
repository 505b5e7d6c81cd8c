//! Unit tests of the reader on the five seed documents (found via
//! `CARGO_MANIFEST_DIR/../shared/seed-docs`, as CI lays them out) and on malformed input.

use super::*;
use std::path::PathBuf;

fn seed(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seed-docs");
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| {
        panic!("the seed documents must be at {}: {e} (CI lays shared/ beside the repository)", dir.display())
    })
}

fn dbs(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn stmt<'a>(d: &'a Document, db: &str, kind: sql::Kind, name: &str) -> &'a DocStatement {
    d.statements
        .iter()
        .find(|s| s.db == db && s.info.kind == kind && s.info.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no {kind:?} {name} in {db}"))
}

#[test]
fn omnifin_sql_blocks_are_routed_with_lines() {
    let d = read(&seed("omnifin.md"), &dbs(&["primary", "knowledge"]));
    assert_eq!(stmt(&d, "primary", sql::Kind::CreateTable, "users_user").line, 15);
    assert_eq!(stmt(&d, "knowledge", sql::Kind::CreateTable, "knowledge_knowledgeentry").line, 211);
    // The Indexes block mixes both databases: each index follows its table.
    assert_eq!(stmt(&d, "primary", sql::Kind::CreateIndex, "idx_users_user_email").line, 300);
    assert_eq!(stmt(&d, "knowledge", sql::Kind::CreateIndex, "idx_knowledge_group").line, 318);
    // Functions follow the triggers that execute them.
    stmt(&d, "primary", sql::Kind::CreateFunction, "update_updated_at_column");
    stmt(&d, "knowledge", sql::Kind::CreateFunction, "create_knowledge_version");
    assert!(!d
        .statements
        .iter()
        .any(|s| s.db == "knowledge" && s.info.name.as_deref() == Some("update_updated_at_column")));
    // The bash block (with its password) is not SQL and is never read.
    assert!(!d.statements.iter().any(|s| s.sql.contains("secure_password")));
    assert_eq!(d.lines.get(&("primary".to_string(), "public.users_user.role".to_string())), Some(&28));
}

#[test]
fn omnifin_lint() {
    let d = read(&seed("omnifin.md"), &dbs(&["primary", "knowledge"]));
    let cross: Vec<(&str, u32)> = d
        .problems
        .iter()
        .filter(|p| p.kind == FindingKind::DocFkCrossDatabase)
        .map(|p| (p.object.as_str(), p.line))
        .collect();
    assert!(cross.contains(&("public.knowledge_knowledgeentry.group_id", 218)), "{cross:?}");
    assert!(cross.contains(&("public.knowledge_trainingdata.validated_by_id", 291)), "{cross:?}");
    assert_eq!(cross.len(), 8, "{cross:?}");
    let stray: Vec<u32> = d.problems.iter().filter(|p| p.kind == FindingKind::DocStrayText).map(|p| p.line).collect();
    assert_eq!(stray, [299]);
    // The stripped clause is gone from the statement sent to PostgreSQL.
    assert!(!stmt(&d, "knowledge", sql::Kind::CreateTable, "knowledge_knowledgeentry").sql.contains("groups_group"));
    let role = d.value_lists.iter().find(|v| v.table == "users_user" && v.column == "role").expect("role list");
    assert_eq!((role.line, role.values.len()), (28, 4));
    assert!(!d.value_lists.iter().any(|v| v.column == "provider"), "an `etc.` list is open");
}

#[test]
fn nexus_column_tables() {
    let d = read(&seed("nexus.md"), &dbs(&["main"]));
    let users = stmt(&d, "main", sql::Kind::CreateTable, "users");
    assert_eq!(users.line, 32);
    assert!(
        users.sql.contains("role VARCHAR(50) CHECK (role IN ('admin', 'manager', 'user', 'viewer', 'auditor'))"),
        "{}",
        users.sql
    );
    assert!(users.sql.contains("created_by UUID REFERENCES users(id)"));
    assert_eq!(stmt(&d, "main", sql::Kind::CreateIndex, "idx_users_email").line, 55);
    let aliases = stmt(&d, "main", sql::Kind::CreateTable, "ssot_api_aliases");
    assert!(aliases.sql.contains("UNIQUE (alias_name, context)"), "{}", aliases.sql);
    assert_eq!(d.lines.get(&("main".to_string(), "public.accounts.balance".to_string())), Some(&69));
    assert_eq!(d.depth.get(&("main".to_string(), "users".to_string())), Some(&DocDepth::Columns));
    let presence: Vec<&str> = d.presence.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(
        presence,
        [
            "audit_logs",
            "system_settings",
            "ssot_audit_logs",
            "ssot_governance_rules",
            "api_keys",
            "notifications",
            "user_sessions"
        ]
    );
    assert!(d.problems.iter().all(|p| p.kind != FindingKind::DocUnspecifiedCheck), "{:?}", d.problems);
}

#[test]
fn mapleai_prisma() {
    let d = read(&seed("mapleai.md"), &dbs(&["main"]));
    let user = stmt(&d, "main", sql::Kind::CreateTable, "User");
    assert_eq!(user.line, 43);
    assert!(user.sql.contains("\"role\" \"UserRole\" NOT NULL DEFAULT 'USER'"), "{}", user.sql);
    let sub = stmt(&d, "main", sql::Kind::CreateTable, "Subscription");
    assert!(sub.sql.contains("\"price\" DECIMAL(10, 2) NOT NULL"), "{}", sub.sql);
    stmt(&d, "main", sql::Kind::CreateType, "SubscriptionTier");
    let fk = d.statements.iter().find(|s| s.sql.contains("\"User_companyId_fkey\"")).expect("fk");
    assert_eq!(fk.line, 52);
    assert!(fk.sql.ends_with("ON DELETE SET NULL ON UPDATE CASCADE"));
    // Foreign keys come last, after every table.
    let last_table = d.statements.iter().rposition(|s| s.info.kind == sql::Kind::CreateTable).unwrap_or(0);
    let first_fk = d.statements.iter().position(|s| s.sql.contains("_fkey")).unwrap_or(0);
    assert!(first_fk > last_table);
    let ix = stmt(&d, "main", sql::Kind::CreateIndex, "idx_compliance_company_status_date");
    assert_eq!(ix.line, 279);
    let status = d.value_lists.iter().find(|v| v.table == "Subscription" && v.column == "status").expect("status");
    assert_eq!(status.line, 100);
}

#[test]
fn trustcred_presence_lists() {
    let d = read(&seed("trustcred.md"), &dbs(&["main"]));
    assert!(d.statements.is_empty());
    assert_eq!(d.presence.len(), 33);
    assert_eq!(d.presence[0], ("main".to_string(), "organizations".to_string(), 11));
    assert_eq!(d.presence[32].1, "workflow_instances");
    assert!(!d.presence.iter().any(|(_, t, _)| t == "uuid" || t == "varchar"));
}

#[test]
fn openmineral_sql_mongo_redis() {
    let d = read(&seed("openmineral.md"), &dbs(&["main"]));
    assert_eq!(stmt(&d, "main", sql::Kind::CreateTable, "deals").line, 29);
    assert_eq!(d.mongo_indexes.len(), 4);
    assert_eq!((d.mongo_indexes[0].collection.as_str(), d.mongo_indexes[0].line), ("market_analysis", 197));
    assert_eq!(d.mongo_indexes[0].keys[1].0, "timestamp");
    assert_eq!(d.mongo_indexes[3].keys[0].1, serde_json::json!("text"));
    let names: Vec<&str> = d.mongo_collections.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["market_analysis", "documents"]);
    assert!(d.mongo_collections[0].fields.iter().any(|(f, l)| f == "price_data.volume" && *l == 126));
    let keys: Vec<(&str, u32)> = d.redis_keys.iter().map(|k| (k.pattern.as_str(), k.line)).collect();
    assert_eq!(keys, [("session:{session_id}", 164), ("cache:{key}", 170)]);
    let deals = d.value_lists.iter().find(|v| v.table == "deals").expect("deals.status");
    assert_eq!((deals.column.as_str(), deals.line), ("status", 37));
}

#[test]
fn project_docs_use_database_sections() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("docs/schemas/omnifin.md")).unwrap_or_default();
    let d = read(&text, &dbs(&["primary", "knowledge"]));
    stmt(&d, "knowledge", sql::Kind::CreateFunction, "update_updated_at_column");
    stmt(&d, "primary", sql::Kind::CreateFunction, "update_updated_at_column");
    assert!(d.problems.is_empty(), "{:?}", d.problems);
    let text = std::fs::read_to_string(root.join("docs/schemas/openmineral.md")).unwrap_or_default();
    let d = read(&text, &dbs(&["main"]));
    assert_eq!(d.mongo_indexes.len(), 4);
    assert_eq!(d.redis_keys.len(), 2);
    assert_eq!(d.redis_keys[0].ttl.as_deref(), Some("required, 86400 s"));
}

#[test]
fn parsing_all_five_is_fast() {
    let docs: Vec<String> =
        ["openmineral.md", "omnifin.md", "nexus.md", "mapleai.md", "trustcred.md"].iter().map(|n| seed(n)).collect();
    let start = std::time::Instant::now();
    let mut n = 0;
    for d in &docs {
        n += read(d, &dbs(&["primary", "knowledge"])).statements.len();
    }
    let took = start.elapsed();
    assert!(n > 50);
    // Debug builds are several times slower than release; the budget is 50 ms in release.
    assert!(took.as_millis() < 500, "parsing took {took:?}");
}

/// Random truncations and byte mutations of the seed documents: findings, never a panic.
#[test]
fn fuzz_the_reader() {
    let docs: Vec<Vec<u8>> = ["openmineral.md", "omnifin.md", "nexus.md", "mapleai.md", "trustcred.md"]
        .iter()
        .map(|n| seed(n).into_bytes())
        .collect();
    // xorshift: deterministic, no dependency.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let alphabet = b"`|*-#(){};,'\"$\n \\/@[]:ABCabc_0";
    let cases = 3000;
    for case in 0..cases {
        let src = &docs[case % docs.len()];
        let mut b = src.clone();
        let cut = (next() as usize) % (b.len() + 1);
        if case % 3 == 0 {
            b.truncate(cut);
        }
        for _ in 0..(next() % 8) {
            if b.is_empty() {
                break;
            }
            let at = (next() as usize) % b.len();
            b[at] = alphabet[(next() as usize) % alphabet.len()];
        }
        if case % 5 == 0 {
            let at = (next() as usize) % (b.len() + 1);
            b.splice(at..at, b"```sql\nCREATE TABLE x (a int REFERENCES".iter().copied());
        }
        let text = String::from_utf8_lossy(&b);
        let d = read(&text, &dbs(&["primary", "knowledge"]));
        for s in &d.statements {
            assert!(s.line >= 1, "case {case}: statement without a line");
        }
    }
}
