//! Load generator (being written).

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Placeholder.
    FlashSale,
}

pub async fn run(_command: BenchCommand) -> Result<(), crate::serve::BoxError> {
    Err("not yet".into())
}
