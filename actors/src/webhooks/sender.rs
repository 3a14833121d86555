//! What the dispatcher needs of the node: a [`Sender`] for outbound requests,
//! and the attempts and backoff of [`WebhookSettings`]. Kept apart from the
//! dispatcher so the shards' configuration can name it without depending on
//! the dispatcher.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

/// Sends one signed webhook request; answers the endpoint's HTTP status, or
/// why there was none.
#[async_trait]
pub trait Sender: Send + Sync + 'static {
    async fn send(
        &self,
        url: &str,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> Result<u16, String>;

    /// Whether `url` may be a target (what is wrong with it, if not): checked
    /// when an endpoint is created.
    async fn check_target(&self, _url: &str) -> Result<(), String> {
        Ok(())
    }
}

/// How the node delivers webhooks.
#[derive(Clone)]
pub struct WebhookSettings {
    /// `None`: this node delivers nothing (events wait in the journal).
    pub sender: Option<Arc<dyn Sender>>,
    /// Attempts at one event before it is set aside as dead.
    pub max_attempts: u32,
    /// Backoff after the first failure; doubles with each one after.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            sender: None,
            max_attempts: 8,
            base_backoff: Duration::from_secs(5),
            max_backoff: Duration::from_secs(60 * 60),
        }
    }
}

impl fmt::Debug for WebhookSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookSettings")
            .field("sender", &self.sender.is_some())
            .field("max_attempts", &self.max_attempts)
            .field("base_backoff", &self.base_backoff)
            .field("max_backoff", &self.max_backoff)
            .finish()
    }
}

impl WebhookSettings {
    /// The wait after the `failures`-th failure: base × 2^(failures−1), capped,
    /// with up to a quarter of it added at random so endpoints that failed
    /// together do not retry together.
    pub fn backoff(&self, failures: u32, jitter: f64) -> Duration {
        debug_assert!((0.0..=1.0).contains(&jitter));
        let exponent = failures.saturating_sub(1).min(30);
        let wait = self
            .base_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        wait + wait.mul_f64(jitter / 4.0)
    }
}

/// Request headers, as name and value.
pub type Headers = Vec<(String, String)>;
