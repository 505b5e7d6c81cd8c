//! A drift finding: one difference between an expected and an actual schema, in the shape the
//! CLI contract documents (`kind`, `object`, `expected`, `actual`, `severity`, and for findings
//! against documents the doc's `file` and `line`).

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// How much a finding matters. `error` fails CI (exit 3); `warning` alone does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The difference changes behaviour: what data is accepted, how it is stored or queried.
    Error,
    /// Cosmetic: column order, comments, names of otherwise identical constraints or indexes.
    Warning,
}

impl Severity {
    /// The serialised name, `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares [`FindingKind`] with its snake_case name and default severity in one table, so the
/// serialised name, `as_str` and the severity cannot drift apart.
macro_rules! finding_kinds {
    ($($variant:ident = $name:literal, $sev:ident;)*) => {
        /// What kind of difference a finding is. Serialised in snake_case (`missing_table`, ...).
        /// Declaration order is the sort order within one object.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum FindingKind {
            $(#[doc = $name] $variant,)*
        }

        impl FindingKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [FindingKind] = &[$(FindingKind::$variant,)*];

            /// The serialised name, e.g. `missing_table`.
            pub fn as_str(self) -> &'static str {
                match self { $(FindingKind::$variant => $name,)* }
            }

            /// The severity findings of this kind carry.
            pub fn severity(self) -> Severity {
                match self { $(FindingKind::$variant => Severity::$sev,)* }
            }
        }
    };
}

finding_kinds! {
    MissingDatabase = "missing_database", Error;
    ExtraDatabase = "extra_database", Error;
    MissingSchema = "missing_schema", Error;
    ExtraSchema = "extra_schema", Error;
    MissingExtension = "missing_extension", Error;
    ExtraExtension = "extra_extension", Error;
    ExtensionSchema = "extension_schema", Error;
    // Versions differ between hosts with different contrib packages; the objects are the same.
    ExtensionVersion = "extension_version", Warning;
    MissingEnum = "missing_enum", Error;
    ExtraEnum = "extra_enum", Error;
    EnumValues = "enum_values", Error;
    MissingSequence = "missing_sequence", Error;
    ExtraSequence = "extra_sequence", Error;
    SequenceDefinition = "sequence_definition", Error;
    MissingTable = "missing_table", Error;
    ExtraTable = "extra_table", Error;
    Partitioning = "partitioning", Error;
    MissingColumn = "missing_column", Error;
    ExtraColumn = "extra_column", Error;
    ColumnType = "column_type", Error;
    ColumnNullability = "column_nullability", Error;
    ColumnDefault = "column_default", Error;
    ColumnIdentity = "column_identity", Error;
    ColumnGenerated = "column_generated", Error;
    ColumnCollation = "column_collation", Error;
    ColumnOrder = "column_order", Warning;
    MissingConstraint = "missing_constraint", Error;
    ExtraConstraint = "extra_constraint", Error;
    ConstraintDefinition = "constraint_definition", Error;
    // NOT VALID still checks new rows; only existing rows are unchecked.
    ConstraintValidation = "constraint_validation", Warning;
    // Same definition under another name: only DDL that names it (DROP CONSTRAINT) notices.
    ConstraintName = "constraint_name", Warning;
    MissingIndex = "missing_index", Error;
    ExtraIndex = "extra_index", Error;
    IndexDefinition = "index_definition", Error;
    IndexName = "index_name", Warning;
    MissingView = "missing_view", Error;
    ExtraView = "extra_view", Error;
    ViewDefinition = "view_definition", Error;
    MissingFunction = "missing_function", Error;
    ExtraFunction = "extra_function", Error;
    FunctionDefinition = "function_definition", Error;
    MissingTrigger = "missing_trigger", Error;
    ExtraTrigger = "extra_trigger", Error;
    TriggerDefinition = "trigger_definition", Error;
    Comment = "comment", Warning;
    // MongoDB (crate::mongo::diff); its indexes use the index kinds above.
    MissingCollection = "missing_collection", Error;
    ExtraCollection = "extra_collection", Error;
    CollectionOptions = "collection_options", Error;
    ValidatorDefinition = "validator_definition", Error;
    // A documented field the validator does not declare: accepted, but never type-checked.
    MongoUndeclaredField = "mongo_undeclared_field", Warning;
    RedisWrongType = "redis_wrong_type", Error;
    RedisMissingTtl = "redis_missing_ttl", Error;
    RedisTtlOutOfRange = "redis_ttl_out_of_range", Error;
    RedisUnexpectedTtl = "redis_unexpected_ttl", Error;
    RedisUnmatchedKey = "redis_unmatched_key", Error;
    RedisSetting = "redis_setting", Error;
    RedisRegistry = "redis_registry", Warning;
    // A documented key format no convention of the Redis spec covers.
    RedisMissingConvention = "redis_missing_convention", Error;
    // Findings inside a document itself (doc lint and replay), with the doc's file and line.
    DocStatementRejected = "doc_statement_rejected", Error;
    DocStrayText = "doc_stray_text", Warning;
    DocUnreadable = "doc_unreadable", Error;
    DocFkUnknownTable = "doc_fk_unknown_table", Error;
    DocFkCrossDatabase = "doc_fk_cross_database", Error;
    DocIndexUnknownColumn = "doc_index_unknown_column", Error;
    DocDuplicateTable = "doc_duplicate_table", Error;
    // A value list in a comment is intent, not a rule: worth knowing, not failing CI.
    DocUnenforcedEnum = "doc_unenforced_enum", Warning;
    DocUnspecifiedCheck = "doc_unspecified_check", Warning;
    // A reviewed deviation that matches no finding: the file needs updating.
    StaleDeviation = "stale_deviation", Warning;
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference. `expected`/`actual` are `None` for "absent" (a missing object has no actual).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// Object path per the contract: `schema.table`, `schema.table.column`, `schema.index`, ...
    pub object: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub severity: Severity,
    /// Database name as configured, set by [`crate::diff::diff_schema`] so findings of a project
    /// with several databases (omnifin: `primary`, `knowledge`) stay apart. An extension of the
    /// contract's shape: absent when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// Document the expected side came from, for findings against docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl Finding {
    /// A finding with the kind's default severity and no location.
    pub fn new(kind: FindingKind, object: impl Into<String>, expected: Option<String>, actual: Option<String>) -> Self {
        Finding {
            kind,
            object: object.into(),
            expected,
            actual,
            severity: kind.severity(),
            database: None,
            file: None,
            line: None,
        }
    }

    fn sort_key(&self) -> impl Ord + '_ {
        (&self.database, &self.object, self.kind, &self.expected, &self.actual, self.severity, &self.file, self.line)
    }
}

/// Findings sort by database, then object (so a report groups naturally), then kind.
impl Ord for Finding {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Finding {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
