//! Outbound webhook requests: reqwest with timeouts, no redirects, and a guard
//! against server-side request forgery.
//!
//! A webhook URL is chosen by a tenant, and the node sends to it from inside
//! the operator's network; unguarded, a tenant could make the node call its
//! metadata service or an internal admin port. So unless the operator allows
//! private targets (`--webhooks-allow-private`, for tests and on-premise
//! receivers), a target must resolve only to public addresses: checked when
//! an endpoint is created, and again at every connection by a resolver that
//! drops private addresses (a name that resolves publicly at creation and
//! privately later — DNS rebinding — finds no address). Redirects are not
//! followed: a public endpoint could otherwise redirect inward.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use stampede_actors::webhooks::Sender;

/// Longest wait for a connection to an endpoint.
pub const WEBHOOK_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest wait for an endpoint's whole answer.
pub const WEBHOOK_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The node's webhook sender.
pub struct HttpSender {
    client: reqwest::Client,
    allow_private: bool,
}

impl HttpSender {
    pub fn new(allow_private: bool) -> Result<Self, reqwest::Error> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(WEBHOOK_CONNECT_TIMEOUT)
            .timeout(WEBHOOK_REQUEST_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Stampede-Webhooks/", env!("CARGO_PKG_VERSION")));
        if !allow_private {
            builder = builder.dns_resolver(Arc::new(PublicOnly));
        }
        Ok(Self {
            client: builder.build()?,
            allow_private,
        })
    }
}

#[async_trait]
impl Sender for HttpSender {
    async fn send(
        &self,
        url: &str,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> Result<u16, String> {
        let url = parse(url)?;
        if !self.allow_private {
            refuse_private_literal(&url)?;
        }
        let mut request = self.client.post(url).body(body);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let response = request.send().await.map_err(describe)?;
        Ok(response.status().as_u16())
    }

    async fn check_target(&self, url: &str) -> Result<(), String> {
        let url = parse(url)?;
        if self.allow_private {
            return Ok(());
        }
        refuse_private_literal(&url)?;
        let Some(host) = url.host_str() else {
            return Err(String::from("has no host"));
        };
        if host.parse::<IpAddr>().is_ok() || host.starts_with('[') {
            return Ok(());
        }
        let port = url.port_or_known_default().unwrap_or(443);
        let lookup = tokio::net::lookup_host((host, port));
        let addrs: Vec<SocketAddr> = tokio::time::timeout(WEBHOOK_CONNECT_TIMEOUT, lookup)
            .await
            .map_err(|_| String::from("its host did not resolve in time"))?
            .map_err(|err| format!("its host does not resolve: {err}"))?
            .collect();
        if addrs.is_empty() || addrs.iter().any(|a| !is_public(a.ip())) {
            return Err(String::from(
                "resolves to a private, loopback or reserved address",
            ));
        }
        Ok(())
    }
}

fn parse(url: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(url).map_err(|err| format!("is not a URL: {err}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(String::from("must be http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(String::from("must not carry credentials"));
    }
    Ok(url)
}

fn refuse_private_literal(url: &reqwest::Url) -> Result<(), String> {
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(url::Host::Domain(name)) if name.eq_ignore_ascii_case("localhost") => {
            return Err(String::from("is a loopback address"));
        }
        _ => return Ok(()),
    };
    if is_public(ip) {
        Ok(())
    } else {
        Err(String::from("is a private, loopback or reserved address"))
    }
}

/// Whether `ip` is a globally routable unicast address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

/// Resolves names, keeping only public addresses.
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let public: Vec<SocketAddr> = found.filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                let err = std::io::Error::other(format!("{host} has no public address"));
                return Err(Box::new(err) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

fn describe(err: reqwest::Error) -> String {
    if err.is_timeout() {
        String::from("timed out")
    } else if err.is_connect() {
        format!("could not connect: {err}")
    } else {
        err.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_reserved_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "1.1.1.1", "2606:4700::1111"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[tokio::test]
    async fn targets_on_private_networks_are_refused_unless_allowed() {
        let guarded = HttpSender::new(false).unwrap();
        for url in [
            "http://127.0.0.1:9000/hook",
            "http://localhost/hook",
            "http://[::1]/hook",
            "http://169.254.169.254/latest/meta-data",
            "ftp://example.com/x",
            "http://user:pw@example.com/x",
        ] {
            assert!(guarded.check_target(url).await.is_err(), "{url}");
        }
        let open = HttpSender::new(true).unwrap();
        assert!(open
            .check_target("http://127.0.0.1:9000/hook")
            .await
            .is_ok());
    }
}
