//! `woxly-bench`: WOXLY's load generator. Each scenario is a subcommand; it seeds a template database,
//! then runs against each server (WOXLY and the Node.js baseline) in turn, several times, printing its
//! parameters first and each run's figures as it goes. `report` turns the collected figures into the
//! tables of docs/benchmarks.md.

mod recorder;
mod report;
mod scenarios;
mod seed;
mod socket;
mod target;

use clap::{Parser, Subcommand};

use crate::{
    scenarios::{
        Scenario, busy_evening::BusyEvening, chat_write::ChatWrite, execute, fanout::Fanout, history::History,
        idle::Idle, login_storm::LoginStorm, reactions::Reactions, reconnect_storm::ReconnectStorm, search::Search,
        voice_join::VoiceJoin,
    },
    target::Setup,
};

#[derive(Parser)]
#[command(about = "WOXLY's load generator and benchmark scenarios")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Idle connections: memory per connection, connections per second.
    Idle(With<Idle>),
    /// Room fan-out: deliveries per second within p99 ≤ 50 ms, drops.
    Fanout(With<Fanout>),
    /// Acknowledged (stored) messages per second and the acknowledgement's latency.
    ChatWrite(With<ChatWrite>),
    /// History pages at depth: latency per page.
    History(With<History>),
    /// Logins per second while connected clients echo.
    LoginStorm(With<LoginStorm>),
    /// Everyone cut off at once: time until they are back.
    ReconnectStorm(With<ReconnectStorm>),
    /// Reactions and typing in rooms of 20 (WOXLY only: the baseline has neither).
    Reactions(With<Reactions>),
    /// Message search over a million messages (WOXLY only: the baseline has no search).
    Search(With<Search>),
    /// Simultaneous voice joins: until the join is acknowledged and the first offer relayed.
    VoiceJoin(With<VoiceJoin>),
    /// A busy evening, everything at once: p99 per kind of event, and memory.
    BusyEvening(With<BusyEvening>),
    /// Markdown tables (medians and ratios) from the JSON lines written with --out.
    Report { results: std::path::PathBuf },
}

#[derive(clap::Args)]
struct With<S: clap::Args> {
    #[command(flatten)]
    scenario: S,
    #[command(flatten)]
    setup: Setup,
}

async fn run<S: Scenario + clap::Args>(with: With<S>) -> anyhow::Result<()> {
    execute(&with.scenario, &with.setup).await
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Idle(with) => run(with).await,
        Command::Fanout(with) => run(with).await,
        Command::ChatWrite(with) => run(with).await,
        Command::History(with) => run(with).await,
        Command::LoginStorm(with) => run(with).await,
        Command::ReconnectStorm(with) => run(with).await,
        Command::VoiceJoin(with) => run(with).await,
        Command::Reactions(with) => run(with).await,
        Command::Search(with) => run(with).await,
        Command::BusyEvening(with) => run(with).await,
        Command::Report { results } => {
            print!("{}", report::markdown(&results)?);
            Ok(())
        }
    }
}
