//! `woxly`: parses the configuration, sets up logging and runs the server.

use clap::Parser;
use woxly_server::{config::Config, logging};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    logging::init(&config.log, config.log_format)?;
    woxly_server::run(config).await?;
    Ok(())
}
