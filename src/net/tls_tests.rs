use super::*;

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

#[test]
fn the_client_offers_http2_then_http1() {
    let config = config(provider()).unwrap();
    assert_eq!(
        config.alpn_protocols,
        [b"h2".to_vec(), b"http/1.1".to_vec()]
    );
}

#[test]
fn a_certificate_no_system_root_vouches_for_is_refused() {
    let made = rcgen::generate_simple_self_signed(vec!["feeds.example".to_owned()]).unwrap();
    start_reading();
    let verifier = SystemRoots {
        provider: provider(),
    };
    let name = ServerName::try_from("feeds.example").unwrap();
    let err = verifier
        .verify_server_cert(made.cert.der(), &[], &name, &[], UnixTime::now())
        .unwrap_err();
    assert_eq!(
        err,
        rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)
    );
}

#[test]
fn signatures_are_checked_with_the_providers_algorithms() {
    let verifier = SystemRoots {
        provider: provider(),
    };
    let schemes = verifier.supported_verify_schemes();
    assert!(schemes.contains(&SignatureScheme::ECDSA_NISTP256_SHA256));
    assert!(schemes.contains(&SignatureScheme::RSA_PSS_SHA256));
}
