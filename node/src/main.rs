//! `stampede`: the service and its load generator.
//!
//! * `stampede serve` — runs a node (see [`config`] for flags and `STAMPEDE_*`
//!   environment variables).
//! * `stampede bench flash-sale | validate` — rushes a running node and checks that
//!   it counted exactly (see [`bench`]).

mod bench;
mod config;
mod http_server;
mod serve;

use clap::Parser;

#[derive(Debug, Parser)]
#[command(
    name = "stampede",
    version,
    about = "Coupons, vouchers and promotions at flash-sale concurrency"
)]
enum Cli {
    /// Run a Stampede node.
    Serve(config::ServeArgs),
    /// Load-test a running node.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start the async runtime: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli {
            Cli::Serve(args) => serve::run(args).await,
            Cli::Bench(command) => bench::run(command).await,
        }
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
