//! `woxly`: parses the configuration, sets up logging and runs the server — or makes or restores a
//! backup (OPS-1).

use clap::Parser;
use woxly_server::{
    backup,
    config::{Command, Config},
    logging,
};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    logging::init(&config.log, config.log_format)?;
    match &config.command {
        None => woxly_server::run(config).await?,
        Some(Command::Backup { file }) => match backup::backup(&config, file).await {
            Ok(summary) => println!("backup written to {}: {summary}", file.display()),
            Err(e) => fail("backup", &e),
        },
        Some(Command::Restore { file, replace }) => match backup::restore(&config, file, *replace).await {
            Ok(summary) => println!("restored {} into {}: {summary}", file.display(), config.data_dir.display()),
            Err(e) => fail("restore", &e),
        },
    }
    Ok(())
}

/// An operator's command that cannot be done: the reason, and a failing exit status.
fn fail(command: &str, error: &backup::BackupError) -> ! {
    eprintln!("woxly {command}: {error}");
    std::process::exit(1)
}
