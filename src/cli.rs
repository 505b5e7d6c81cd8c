//! Command-line arguments (clap derive) and nothing else: no logic lives here.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "dbctl",
    version,
    about = "Migrations, drift checks, Mongo specs, Redis conventions and backups for PostgreSQL, MongoDB and Redis"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Configuration file (default: $DBCTL_CONFIG, else ./dbctl.yaml)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Project to act on (may be left out when only one is configured)
    #[arg(short = 'p', long, global = true, value_name = "NAME")]
    pub project: Option<String>,
    /// Database of the project (default: every database of the project)
    #[arg(short = 'd', long, global = true, value_name = "NAME")]
    pub database: Option<String>,
    /// Print one JSON document on stdout and nothing else there
    #[arg(long, global = true)]
    pub json: bool,
    /// No colours (also: NO_COLOR)
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Only errors on stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// More detail on stderr
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// How long to wait for another dbctl's migration lock, in seconds
    #[arg(long, global = true, value_name = "SECS", default_value_t = 60)]
    pub lock_timeout: u64,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// PostgreSQL migrations
    #[command(subcommand)]
    Migrate(MigrateCmd),
    /// Redis key conventions: seed the registry and seed keys, audit the keyspace
    #[command(subcommand)]
    Redis(RedisCmd),
    /// Private local servers for development, demos and tests
    #[command(subcommand)]
    Sandbox(SandboxCmd),
    /// Compare an actual schema with an expected one; exit 3 on drift
    Drift(DriftArgs),
    /// Everything for a project: provision, migrate up, mongo apply, redis seed, then drift
    Up(UpArgs),
    /// MongoDB collections, validators and indexes from the spec (mongo_indexes/<project>.yaml)
    #[command(subcommand)]
    Mongo(MongoCmd),
    /// Databases, least-privilege roles, grants and extensions for a project (idempotent)
    Provision(ProvisionArgs),
    /// Backups of a project's databases: create, list, verify, restore, prune
    #[command(subcommand)]
    Backup(BackupCmd),
}

#[derive(Debug, Args)]
pub struct ProvisionArgs {
    /// Every configured project
    #[arg(long)]
    pub all: bool,
    /// Print the SQL that would run (passwords hidden); change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum BackupCmd {
    /// Take a backup (pg_dump directory format, parallel) with a checksummed manifest
    Create(BackupCreateArgs),
    /// The project's backups, oldest first
    List,
    /// Recompute every checksum of a backup; exit 3 when a file is missing or altered
    Verify(BackupIdArgs),
    /// Restore a backup into new databases (default <database>_restored_<ID>; Redis keys into the configured server)
    Restore(BackupRestoreArgs),
    /// Delete all but the newest N backups
    Prune(BackupPruneArgs),
}

#[derive(Debug, Args)]
pub struct BackupCreateArgs {
    /// Parallel dump jobs (default: the number of CPUs, at most 4)
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct BackupIdArgs {
    /// Backup ID (YYYYMMDDTHHMMSSZ) or `latest`
    #[arg(default_value = "latest")]
    pub id: String,
}

#[derive(Debug, Args)]
pub struct BackupRestoreArgs {
    /// Backup ID (YYYYMMDDTHHMMSSZ) or `latest`
    #[arg(default_value = "latest")]
    pub id: String,
    /// Restore into this database (with one database selected) instead of <database>_restored_<ID>
    #[arg(long, value_name = "NAME")]
    pub to_database: Option<String>,
    /// Restore the MongoDB part into this database instead of <database>_restored_<ID>
    #[arg(long, value_name = "NAME")]
    pub mongo_database: Option<String>,
    /// Restore the Redis keys into this db number of the configured server (standalone only)
    #[arg(long, value_name = "N")]
    pub redis_db: Option<u32>,
    /// Replace the target database when it exists and is not empty (and existing Redis keys)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Parallel restore jobs (default: the number of CPUs, at most 4)
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct BackupPruneArgs {
    /// How many of the newest backups to keep (at least 1)
    #[arg(long, value_name = "N")]
    pub keep: usize,
    /// Show what would be deleted; delete nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum MongoCmd {
    /// Create missing collections and indexes, update validators; report what else differs
    Apply(MongoApplyArgs),
    /// Compare the live database with the spec; exit 3 on drift
    Status,
}

#[derive(Debug, Args)]
pub struct MongoApplyArgs {
    /// Print the commands; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Also drop extra indexes and rebuild changed ones
    #[arg(long)]
    pub prune: bool,
}

#[derive(Debug, Subcommand)]
pub enum MigrateCmd {
    /// Apply pending migrations
    Up(MigrateUpArgs),
    /// Run rollbacks, newest first
    Down(MigrateDownArgs),
    /// Every migration: applied / pending / failed / changed / missing
    Status(StatusArgs),
    /// Write the next V/U pair of a phase
    New(NewArgs),
    /// Re-record checksums of edited applied files and clear failed entries
    Repair(RepairArgs),
    /// On a scratch database: up, down, compare, up again, for every migration
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct MigrateUpArgs {
    /// Stop at the end of phase N
    #[arg(long, value_name = "N", conflicts_with = "to")]
    pub phase: Option<i32>,
    /// Stop after version VER
    #[arg(long, value_name = "VER")]
    pub to: Option<i64>,
    /// Print the plan and the SQL; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["steps", "to", "phase", "all"])))]
pub struct MigrateDownArgs {
    /// Roll back the K newest applied migrations
    #[arg(long, value_name = "K")]
    pub steps: Option<usize>,
    /// Roll back every migration above version VER
    #[arg(long, value_name = "VER")]
    pub to: Option<i64>,
    /// Roll back every migration of phase N and later
    #[arg(long, value_name = "N")]
    pub phase: Option<i32>,
    /// Roll back everything
    #[arg(long)]
    pub all: bool,
    /// Print the plan and the SQL; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Do not take a backup first, even when a rollback drops tables or columns that hold rows
    #[arg(long)]
    pub no_backup: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Exit 3 unless every migration is applied and unchanged
    #[arg(long)]
    pub check: bool,
    /// Every project
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Phase of the new migration
    #[arg(long, value_name = "N")]
    pub phase: i32,
    /// Description, e.g. "add deal tags"
    #[arg(required = true, num_args = 1..)]
    pub description: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RepairArgs {
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Show what would be repaired; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Server for the scratch database (default: $DBCTL_DEV_URL, else the sandbox)
    #[arg(long, value_name = "URL")]
    pub dev_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RedisCmd {
    /// Write the conventions registry and the seed keys (existing keys are kept unless --force)
    Seed {
        /// Show what would be written; change nothing
        #[arg(long)]
        dry_run: bool,
        /// Replace seed keys that already exist
        #[arg(long)]
        force: bool,
        /// Also set the server settings the conventions file expects (CONFIG SET)
        #[arg(long)]
        apply_config: bool,
    },
    /// Classify the live keyspace against the conventions (exit 3 on violations)
    Audit,
}

#[derive(Debug, Subcommand)]
pub enum SandboxCmd {
    /// Start the sandbox servers (initialising them if needed) and create the configured databases
    Up,
    /// Stop the sandbox servers (data is kept)
    Down,
    /// Is the sandbox running, and where
    Status,
    /// Print `export VAR=url` lines for the configured URL variables
    Env,
}

#[derive(Debug, Args)]
pub struct UpArgs {
    /// Every configured project
    #[arg(long)]
    pub all: bool,
    /// Server for the scratch databases of the drift step (default: $DBCTL_DEV_URL, else the sandbox)
    #[arg(long, value_name = "URL")]
    pub dev_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The actual side: the live database, or what the migrations produce
    #[arg(long, value_enum, default_value_t = Side::Live)]
    pub from: Side,
    /// The expected side: what the migrations produce, or the documented schema
    #[arg(long, value_enum, default_value_t = Side::Migrations)]
    pub against: Side,
    /// Document to check against (default: the project's `doc:`)
    #[arg(long, value_name = "FILE")]
    pub doc: Option<PathBuf>,
    /// Report format (--json implies json)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Server for scratch databases (default: $DBCTL_DEV_URL, else the sandbox)
    #[arg(long, value_name = "URL")]
    pub dev_url: Option<String>,
    /// Every project
    #[arg(long)]
    pub all: bool,
}

/// A side of a drift comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Side {
    Live,
    Migrations,
    Docs,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Live => "live",
            Side::Migrations => "migrations",
            Side::Docs => "docs",
        }
    }
}

/// Output format of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Junit,
}
