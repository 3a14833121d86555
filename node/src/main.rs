//! `stampede`: the service and its load generator.
//!
//! * `stampede serve` — runs a node (see [`config`] for flags and `STAMPEDE_*`
//!   environment variables).
//! * `stampede rotate-root-key` — replaces the stored, generated root key
//!   (see [`root_key`]).
//! * `stampede bench flash-sale | validate | generate` — rushes a running node
//!   and checks that it counted exactly, or times a code generation (see
//!   [`bench`]).
//! * `stampede generate | import | export` — starts a job on a running node and
//!   follows it with a progress bar (see [`jobs_cli`]).
//! * `stampede leave` — makes a running node leave its cluster and hand its
//!   keys off, as its `preStop` (see [`leave`]).

mod auth_args;
mod bench;
mod config;
mod http_server;
mod jobs_cli;
mod leave;
mod otel;
mod root_key;
mod serve;

use clap::Parser;

/// The process's allocator (see the workspace manifest for why).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "stampede",
    version,
    about = "Coupons, vouchers and promotions at flash-sale concurrency"
)]
enum Cli {
    /// Run a Stampede node.
    Serve(Box<config::ServeArgs>),
    /// Replace the stored root key (the one generated when `STAMPEDE_ADMIN_KEY`
    /// is unset) with a new one, printed once.
    RotateRootKey(config::RotateRootKeyArgs),
    /// Load-test a running node.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Generate codes of a coupon on a running node, as a job.
    Generate(jobs_cli::GenerateArgs),
    /// Import coupons or codes from a file into a running node, as a job.
    Import(jobs_cli::ImportArgs),
    /// Export coupons, codes, campaigns or redemptions to a file, as a job.
    Export(jobs_cli::ExportArgs),
    /// Make a running node leave its cluster and hand its keys off (its
    /// Kubernetes `preStop`).
    Leave(leave::LeaveArgs),
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
            Cli::Serve(args) => serve::run(*args).await,
            Cli::RotateRootKey(args) => serve::rotate_root_key(args).await,
            Cli::Bench(command) => bench::run(command).await,
            Cli::Generate(args) => jobs_cli::generate(args).await,
            Cli::Import(args) => jobs_cli::import(args).await,
            Cli::Export(args) => jobs_cli::export(args).await,
            Cli::Leave(args) => leave::leave(args).await,
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
