//! HTTPS through the one client against a TLS server on loopback: its certificate is issued
//! by a root the test hands to the system's root loader (`SSL_CERT_FILE`, as a listener behind
//! a company proxy would), or by nobody the system trusts.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// Serves `body` over HTTPS with `chain` (leaf first) on a loopback port, one answer per
/// connection, for as long as the test runs; returns the port.
fn serve(chain: Vec<CertificateDer<'static>>, key: &KeyPair, body: &'static str) -> u16 {
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            let Ok(conn) = rustls::ServerConnection::new(config.clone()) else {
                continue;
            };
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            // The request, up to its empty line; a refused handshake ends here.
            let mut reader = BufReader::new(&mut tls);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tls.write_all(answer.as_bytes());
            let _ = tls.flush();
            tls.conn.send_close_notify();
            let _ = tls.conn.complete_io(&mut tls.sock);
        }
    });
    port
}

/// A certificate named `name`, for this machine's addresses.
fn params(name: &str) -> CertificateParams {
    let mut params =
        CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, name);
    params
}

/// The body at `port` through the network layer (the path every feed takes).
async fn get(client: &reqwest::Client, port: u16) -> Result<String, String> {
    let url = format!("https://127.0.0.1:{port}/feed.xml");
    netstack_tui::net::get_bounded(client, &url, 1 << 20)
        .await
        .map(|body| String::from_utf8_lossy(&body).into_owned())
        .map_err(|e| e.to_string())
}

/// One test: the roots are read once per process, from the environment set first here.
#[tokio::test]
async fn a_certificate_is_trusted_only_through_the_system_roots() {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = params("Test root");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let roots = dir.path().join("roots.pem");
    std::fs::write(&roots, ca.pem()).unwrap();
    // SAFETY: set before any client exists and before this test starts another thread.
    unsafe { std::env::set_var("SSL_CERT_FILE", &roots) };
    unsafe { std::env::remove_var("SSL_CERT_DIR") };

    let issuer = Issuer::new(ca_params, ca_key);
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = params("Feed host").signed_by(&leaf_key, &issuer).unwrap();
    let trusted = serve(vec![leaf.der().clone()], &leaf_key, "<rss/>");

    let stranger_key = KeyPair::generate().unwrap();
    let stranger = params("Stranger").self_signed(&stranger_key).unwrap();
    let untrusted = serve(vec![stranger.der().clone()], &stranger_key, "<rss/>");

    let client = netstack_tui::net::client().unwrap();
    assert_eq!(get(&client, trusted).await.as_deref(), Ok("<rss/>"));
    let refused = get(&client, untrusted).await.unwrap_err();
    assert!(refused.contains("UnknownIssuer"), "{refused}");
    // The same client, its roots read once, still trusts the first server.
    assert_eq!(get(&client, trusted).await.as_deref(), Ok("<rss/>"));
}
