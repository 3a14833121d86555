//! The loopback cluster over mutual TLS: three nodes whose certificates come
//! from one CA join, and requests sent to any of them are answered by the
//! key's owner across TLS sessions. A fourth node whose certificate comes from
//! another CA, dialling them with the right cookie (and dialled by them), is
//! refused at every handshake: it holds no session, never becomes a member,
//! and nothing is forwarded to it.
//!
//! Nodes of one process share its actor registry: a session of any of them
//! shows every gateway of the process to the other side. So the fourth node
//! runs in a process of its own (this test binary, running [`rogue_node`]),
//! as it would in production, and reports what it saw.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use stampede_actors::cluster::{ClusterTls, Placement, Probe, TlsFiles};
use stampede_actors::ActorError;
use stampede_protocol::ErrorCode;
use stampede_storage::{MemStore, SharedStore};

mod support;

use support::loopback::{code, converge, free_ports, redeem_request, start_node, start_nodes_with};

const TENANT: &str = "t";
const CODES: usize = 12;
const MAX_USES: u64 = 3;

/// A CA that signs node certificates.
struct Ca {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl Ca {
    fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        Self { issuer }
    }

    /// A node's TLS settings: [`Ca::node_pem`], and this CA as the only
    /// trust root.
    fn node_tls(&self, node: &str) -> ClusterTls {
        let (cert, key) = self.node_pem(node);
        ClusterTls::from_pem(
            cert.as_bytes(),
            key.as_bytes(),
            self.issuer.pem().as_bytes(),
        )
        .unwrap()
    }

    /// A node's certificate and key (PEM): for 127.0.0.1 (the host peers
    /// dial), usable as server and client.
    fn node_pem(&self, node: &str) -> (String, String) {
        let mut params = CertificateParams::new(vec![String::from("127.0.0.1")]).unwrap();
        params.distinguished_name.push(DnType::CommonName, node);
        params.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::ClientAuth,
        ];
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &*self.issuer).unwrap();
        (cert.pem(), key.serialize_pem())
    }
}

/// How long the node of another CA runs, dialling the members.
const ROGUE_LIFE: Duration = Duration::from_secs(5);
/// The folder of the rogue node's certificate, key, CA and peer list.
const ROGUE_DIR_VAR: &str = "STAMPEDE_TEST_ROGUE_DIR";

/// Starts [`rogue_node`] in a process of its own, with a certificate of
/// `ca`, dialling every member of `nodes`.
fn spawn_rogue(ca: &Ca, nodes: &[support::loopback::Node]) -> std::process::Child {
    let dir = tempfile::tempdir().unwrap().keep();
    let (cert, key) = ca.node_pem("n4");
    std::fs::write(dir.join("cert.pem"), cert).unwrap();
    std::fs::write(dir.join("key.pem"), key).unwrap();
    std::fs::write(dir.join("ca.pem"), ca.issuer.pem()).unwrap();
    let peers: Vec<&str> = nodes.iter().map(|n| n.address.as_str()).collect();
    std::fs::write(dir.join("peers"), peers.join(",")).unwrap();
    Command::new(std::env::current_exe().unwrap())
        .args(["rogue_node", "--exact", "--ignored", "--nocapture"])
        .env(ROGUE_DIR_VAR, &dir)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The node of another CA, run by the test above in a process of its own;
/// without its folder it does nothing. It reports the sessions it got, its
/// ring and which members it reached.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run by nodes_of_one_ca_form_a_cluster_and_a_node_of_another_ca_cannot_join"]
async fn rogue_node() {
    let Some(dir) = std::env::var_os(ROGUE_DIR_VAR).map(PathBuf::from) else {
        return;
    };
    let files = TlsFiles {
        cert: dir.join("cert.pem"),
        key: dir.join("key.pem"),
        ca: dir.join("ca.pem"),
    };
    let tls = ClusterTls::from_files(&files).unwrap();
    let peers = std::fs::read_to_string(dir.join("peers")).unwrap();
    let peers = peers.split(',').map(str::to_owned).collect();
    let store: SharedStore = Arc::new(MemStore::new());
    let rogue = start_node(&store, "n4", free_ports(1)[0], peers, Some(tls)).await;
    tokio::time::sleep(ROGUE_LIFE).await;
    let sessions = rogue.cluster.session_peers().await;
    let members = rogue.shards.cluster().ring().members().clone();
    let mut reached = Vec::new();
    for peer in ["n1", "n2", "n3"] {
        let answer = rogue
            .shards
            .cluster()
            .probe(peer, Duration::from_millis(500))
            .await;
        if answer != Probe::Silent {
            reached.push(peer);
        }
    }
    println!("rogue: sessions={sessions:?} members={members:?} reached={reached:?}");
    rogue.cluster.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_of_one_ca_form_a_cluster_and_a_node_of_another_ca_cannot_join() {
    let store: SharedStore = Arc::new(MemStore::new());
    for i in 0..CODES {
        let coupon = support::coupon(&code(i), Some(MAX_USES), None);
        support::insert(&store, TENANT, &coupon).await;
    }
    let ca = Ca::new("stampede test CA");
    let nodes = start_nodes_with(&store, 3, |i| Some(ca.node_tls(&format!("n{}", i + 1)))).await;
    converge(&nodes.iter().collect::<Vec<_>>(), &["n1", "n2", "n3"]).await;

    // Each node owns some keys, and every key is used up exactly through
    // requests spread over all three nodes: owners answer across TLS sessions.
    let mut tasks = Vec::new();
    for i in 0..CODES {
        for attempt in 0..(MAX_USES as usize + 2) {
            let shards = nodes[attempt % 3].shards.clone();
            tasks.push(tokio::spawn(async move {
                let user = format!("u{i}-{attempt}");
                (
                    i,
                    shards.redeem(TENANT, &code(i), redeem_request(user)).await,
                )
            }));
        }
    }
    let mut successes = [0u64; CODES];
    for task in tasks {
        match task.await.unwrap() {
            (i, Ok(_)) => successes[i] += 1,
            (_, Err(ActorError::Refused { code, .. })) => assert_eq!(code, ErrorCode::LimitReached),
            (_, Err(other)) => panic!("unexpected answer {other:?}"),
        }
    }
    assert_eq!(successes, [MAX_USES; CODES]);
    for i in 0..CODES {
        let (coupon, stored) = support::stored(&store, TENANT, &format!("cpn_{}", code(i))).await;
        assert_eq!(
            (coupon.uses_count, stored.len()),
            (MAX_USES, MAX_USES as usize)
        );
    }
    let live: usize = nodes.iter().map(|n| n.shards.live_actors()).sum();
    assert_eq!(live, CODES, "each code lives on its owner only");

    // A node of another CA, with the right cookie, dials every member.
    let rogue = spawn_rogue(&Ca::new("another CA"), &nodes);
    // Within its life, once it has started and dialled many times (a
    // membership poll is 200 ms).
    tokio::time::sleep(Duration::from_secs(3)).await;
    for node in &nodes {
        let sessions = node.cluster.session_peers().await;
        assert!(!sessions.contains("n4"), "n4 got a session: {sessions:?}");
        assert!(!node.shards.cluster().ring().members().contains("n4"));
        let probe = Duration::from_millis(500);
        assert!(
            node.shards.cluster().probe("n4", probe).await == Probe::Silent,
            "n4 answered"
        );
        let owned = (0..CODES).filter(|i| {
            node.shards.cluster().placement(TENANT, &code(*i)) == Placement::Remote("n4".into())
        });
        assert_eq!(owned.count(), 0, "a key is routed to n4");
    }
    // The members still serve every key among themselves.
    let outcome = nodes[0]
        .shards
        .redeem(TENANT, &code(0), redeem_request(String::from("late")))
        .await;
    assert!(matches!(
        outcome,
        Err(ActorError::Refused {
            code: ErrorCode::LimitReached,
            ..
        })
    ));

    let report = rogue.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&report.stdout);
    assert!(report.status.success(), "{stdout}");
    let expected = r#"rogue: sessions={} members={"n4"} reached=[]"#;
    assert!(stdout.contains(expected), "{stdout}");

    for node in nodes {
        node.cluster.stop().await;
        node.shards.shutdown(Duration::from_secs(5)).await;
    }
}
