//! One module per top-level command: each parses nothing and decides little; it resolves
//! settings, calls the core, and renders.

pub mod backup;
pub mod drift;
pub mod migrate;
pub mod mongo;
pub mod provision;
pub mod redis;
pub mod sandbox;
pub mod up;

use crate::cli::{Cli, Command};
use crate::error::{Outcome, Result};
use crate::settings::Settings;
use crate::ui::Ui;

pub async fn dispatch(cli: Cli, ui: &Ui) -> Result<Outcome> {
    let settings = Settings::load(&cli.global)?;
    match cli.command {
        Command::Migrate(cmd) => migrate::run(&settings, &cli.global, cmd, ui).await,
        Command::Redis(cmd) => redis::run(&settings, &cli.global, cmd, ui).await,
        Command::Sandbox(cmd) => sandbox::run(&settings, cmd, ui).await,
        Command::Drift(args) => drift::run(&settings, &cli.global, &args, ui).await,
        Command::Up(args) => up::run(&settings, &cli.global, args, ui).await,
        Command::Provision(args) => provision::run(&settings, &cli.global, args, ui).await,
        Command::Backup(cmd) => backup::run(&settings, &cli.global, cmd, ui).await,
        Command::Mongo(cmd) => mongo::run(&settings, &cli.global, cmd, ui).await,
    }
}
