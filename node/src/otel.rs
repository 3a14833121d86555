//! A node's distributed traces: the OTLP/gRPC exporter and the `tracing`
//! layer that feeds it, installed only when an endpoint is configured (see
//! [`TraceArgs`]). Without one no layer exists, `stampede_actors::traces`
//! stays off and no span is opened.

use std::time::Duration;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry::KeyValue;
use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider};
use opentelemetry_sdk::Resource;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;

use crate::config::TraceArgs;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How long the exporter waits for the collector per batch.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(10);

/// The crates whose spans are exported (not the libraries' under them).
const TRACED_CRATES: [&str; 2] = ["stampede_api", "stampede_actors"];

/// The running exporter; [`Traces::shutdown`] flushes what it holds.
pub struct Traces {
    provider: SdkTracerProvider,
}

impl Traces {
    /// Starts the exporter to `args`' endpoint, if one is set, and the layer
    /// to install with it. Must run inside the Tokio runtime (the gRPC client
    /// lives on it).
    pub fn start<S>(
        args: &TraceArgs,
        node_id: &str,
    ) -> Result<Option<(impl Layer<S>, Self)>, BoxError>
    where
        S: tracing::Subscriber + for<'span> LookupSpan<'span>,
    {
        let Some(endpoint) = args.endpoint() else {
            return Ok(None);
        };
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_tonic()
            .with_endpoint(endpoint)
            .with_timeout(EXPORT_TIMEOUT)
            .build()?;
        let resource = Resource::builder()
            .with_service_name(args.service_name())
            .with_attribute(KeyValue::new("service.instance.id", node_id.to_owned()))
            .build();
        let provider = SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(resource)
            .build();
        let layer = layer(provider.tracer("stampede"));
        Ok(Some((layer, Self { provider })))
    }

    /// Exports what is buffered and stops the exporter.
    pub async fn shutdown(self) {
        // The SDK blocks until its export thread is done.
        let provider = self.provider;
        let done = tokio::task::spawn_blocking(move || provider.shutdown()).await;
        if let Ok(Err(err)) = done {
            tracing::warn!(error = %err, "traces not flushed at exit");
        }
    }
}

/// The `tracing` layer that turns this node's spans into OpenTelemetry spans
/// of `tracer`.
fn layer<S>(tracer: SdkTracer) -> impl Layer<S>
where
    S: tracing::Subscriber + for<'span> LookupSpan<'span>,
{
    let traced = TRACED_CRATES.iter().fold(Targets::new(), |targets, name| {
        targets.with_target(*name, LevelFilter::INFO)
    });
    tracing_opentelemetry::layer()
        .with_tracer(tracer)
        .with_filter(traced)
}
