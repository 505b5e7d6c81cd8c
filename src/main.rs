//! The `dbctl` binary: parse arguments, run, map the result onto the exit-code contract.

use clap::Parser;
use dbctl::cli::Cli;
use dbctl::ui::Ui;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let ui = Ui::new(&cli.global);
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            ui.error(&dbctl::error::Error::runtime(format!("cannot start the async runtime: {e}")));
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(async {
        tokio::select! {
            r = dbctl::commands::dispatch(cli, &ui) => Some(r),
            _ = tokio::signal::ctrl_c() => None,
        }
    });
    match result {
        Some(Ok(outcome)) => ExitCode::from(outcome.exit_code()),
        Some(Err(e)) => {
            ui.fail(&e);
            ExitCode::from(e.exit_code())
        }
        None => {
            // Dropping the connection rolls back the open transaction; the lock goes with it.
            ui.error(&dbctl::error::Error::runtime("interrupted; the migration in progress was rolled back"));
            ExitCode::from(130)
        }
    }
}
