//! The root key of a node started without `STAMPEDE_ADMIN_KEY`: generated
//! and printed on the first start, accepted again after a restart (which
//! prints only that a stored key is in use), and replaced by
//! `stampede rotate-root-key`. A configured key shorter than the minimum is
//! refused before the node starts.

mod process;

use std::process::Command;

use process::Node;
use reqwest::Client;

const KEY_LINE: &str = "STAMPEDE_ADMIN_KEY=";

/// The status of a root-only read with `key`.
async fn status_with(client: &Client, node: &Node, key: &str) -> u16 {
    client
        .get(format!("{}/v1/promotions/coupons", node.base))
        .header("X-API-Key", key)
        .header("X-Tenant-ID", "root-key")
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

/// The key printed in `text` (a node's log or a command's output), if any.
fn printed_key(text: &str) -> Option<String> {
    text.lines()
        .find_map(|line| line.strip_prefix(KEY_LINE))
        .map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_root_key_survives_restarts_until_rotated() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let client = Client::new();

    let first = Node::start_keyed(&client, &data, None, "first").await;
    let key = printed_key(&first.log_text()).expect("the first start prints its key");
    assert_eq!(status_with(&client, &first, &key).await, 200);
    assert_eq!(status_with(&client, &first, "stk_wrong").await, 401);
    first.kill();

    let second = Node::start_keyed(&client, &data, None, "second").await;
    let log = second.log_text();
    assert_eq!(
        printed_key(&log),
        None,
        "a restart must not print a key: {log}"
    );
    assert!(log.contains("a stored root key is in use"), "{log}");
    assert_eq!(status_with(&client, &second, &key).await, 200);
    second.kill();

    let rotate = Command::new(env!("CARGO_BIN_EXE_stampede"))
        .args(["rotate-root-key", "--store", "redb", "--data-dir"])
        .arg(&data)
        .output()
        .expect("run rotate-root-key");
    assert!(rotate.status.success(), "{rotate:?}");
    let rotated = printed_key(&String::from_utf8_lossy(&rotate.stdout)).expect("a new key");
    assert_ne!(rotated, key);

    let third = Node::start_keyed(&client, &data, None, "third").await;
    assert_eq!(status_with(&client, &third, &rotated).await, 200);
    assert_eq!(status_with(&client, &third, &key).await, 401);
}

#[test]
fn a_configured_root_key_shorter_than_32_bytes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_stampede"))
        .args(["serve", "--store", "mem", "--listen", "127.0.0.1:0"])
        .args(["--grpc-listen", "127.0.0.1:0"])
        .arg("--data-dir")
        .arg(dir.path())
        .env("STAMPEDE_ADMIN_KEY", "short-root-key")
        .env("STAMPEDE_LOG", "warn")
        .output()
        .expect("run serve");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("at least 32 bytes"), "{stderr}");
}
