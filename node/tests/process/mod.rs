//! A real `stampede serve` process for tests: started on a data directory,
//! waited for until `/healthz` answers, killed with SIGKILL (no shutdown hook
//! runs) when asked — from any task, through a [`Killer`] — or when dropped.

#![allow(dead_code)]

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};

/// Bound on a node becoming healthy (a debug build recovering its store on a
/// busy machine can be slow).
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(90);

pub struct Node {
    child: Arc<Mutex<Child>>,
    pub base: String,
    log: PathBuf,
}

impl Node {
    /// Starts a node on `data_dir` (redb) with `admin_key`, logging next to
    /// the directory; retries on a fresh port if the chosen one was taken in
    /// between.
    pub async fn start(client: &Client, data_dir: &Path, admin_key: &str, name: &str) -> Node {
        Self::start_keyed(client, data_dir, Some(admin_key), name).await
    }

    /// [`Node::start`], with no `STAMPEDE_ADMIN_KEY` when `admin_key` is `None`
    /// (the node then uses its generated, stored root key).
    pub async fn start_keyed(
        client: &Client,
        data_dir: &Path,
        admin_key: Option<&str>,
        name: &str,
    ) -> Node {
        let mut last_failure = String::new();
        for attempt in 0..5 {
            let port = free_port();
            let log = data_dir.with_extension(format!("{name}-{attempt}.log"));
            let log_file = File::create(&log).expect("create the node's log file");
            let err_file = log_file.try_clone().expect("clone the log file handle");
            let mut command = Command::new(env!("CARGO_BIN_EXE_stampede"));
            command
                .args(["serve", "--store", "redb", "--listen"])
                .arg(format!("127.0.0.1:{port}"))
                .args(["--grpc-listen", "127.0.0.1:0"])
                .arg("--data-dir")
                .arg(data_dir)
                .env_remove("STAMPEDE_ADMIN_KEY")
                .env("STAMPEDE_LOG", "warn");
            if let Some(key) = admin_key {
                command.env("STAMPEDE_ADMIN_KEY", key);
            }
            let child = command
                .stdin(Stdio::null())
                .stdout(log_file)
                .stderr(err_file)
                .spawn()
                .expect("spawn the stampede binary");
            let node = Node {
                child: Arc::new(Mutex::new(child)),
                base: format!("http://127.0.0.1:{port}"),
                log,
            };
            match node.wait_healthy(client).await {
                Ok(()) => return node,
                Err(why) => last_failure = format!("{why}\n--- node log ---\n{}", node.log_text()),
            }
        }
        panic!("the node did not start: {last_failure}");
    }

    async fn wait_healthy(&self, client: &Client) -> Result<(), String> {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Ok(Some(status)) = lock(&self.child).try_wait() {
                return Err(format!("the node exited during start-up: {status}"));
            }
            let probe = client
                .get(format!("{}/healthz", self.base))
                .timeout(Duration::from_secs(5))
                .send()
                .await;
            if probe.is_ok_and(|r| r.status() == StatusCode::OK) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "/healthz did not answer within {STARTUP_TIMEOUT:?}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// SIGKILL: no graceful shutdown, no flush, no drain.
    pub fn kill(&self) {
        self.killer().kill();
    }

    /// A handle that can SIGKILL this node from another task.
    pub fn killer(&self) -> Killer {
        Killer(Arc::clone(&self.child))
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let mut child = lock(&self.child);
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// Kills a node with SIGKILL from any task.
#[derive(Clone)]
pub struct Killer(Arc<Mutex<Child>>);

impl Killer {
    pub fn kill(&self) {
        let mut child = lock(&self.0);
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// Locks a mutex, ignoring poisoning (a panicking task already fails the test).
pub fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// A port nothing listens on right now (the node may still lose a race for it;
/// [`Node::start`] retries).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}
