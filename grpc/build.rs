//! Compiles `protocol/proto` (the published contract) into the service's
//! Rust code and the descriptor set that server reflection serves. `protox`
//! parses the files in Rust, so building needs no `protoc` installation.

use std::path::PathBuf;

use prost::Message;

const PROTO_ROOT: &str = "../protocol/proto";
const CHECKOUT: &str = "stampede/checkout/v1/checkout.proto";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed={PROTO_ROOT}");
    let descriptors = protox::compile([CHECKOUT], [PROTO_ROOT])?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(
        out.join("checkout_descriptor.bin"),
        descriptors.encode_to_vec(),
    )?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .compile_fds(descriptors)?;
    Ok(())
}
