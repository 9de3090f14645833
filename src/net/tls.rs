//! TLS for the one client: rustls with the ring provider, checking servers against the system's
//! root certificates (through `rustls-platform-verifier`, as reqwest itself would).
//!
//! Reading those certificates (the system bundle's ~150 parsed from PEM) cost a tenth of the
//! instructions of subscribing to a 1000-item feed, and reqwest reads them while the client is
//! built, before the first request can start, whether any address needs TLS or not. Here they
//! are read once per process, on their own thread, from the moment the first `https` address is
//! asked for ([`start_reading`], called by the redirect policy that sends every request): the
//! connection needs a DNS answer and a TCP handshake before its certificate is checked, so the
//! check seldom waits, and a feed served over plain HTTP never pays for them.

use std::sync::{Arc, Once, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use rustls_platform_verifier::Verifier;

/// The system's roots, read once: the verifier, or why none could be read.
static ROOTS: OnceLock<Result<Verifier, rustls::Error>> = OnceLock::new();

static READING: Once = Once::new();

/// The TLS configuration of the client: TLS 1.2 and 1.3, HTTP/2 or HTTP/1.1 offered by ALPN,
/// and servers checked against the system's roots.
pub fn config(provider: Arc<CryptoProvider>) -> Result<ClientConfig, rustls::Error> {
    let verifier = SystemRoots {
        provider: provider.clone(),
    };
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// Checks certificates against the system's roots once they are read; signatures, which need
/// no roots, straight away with the provider's algorithms (as the platform verifier does).
#[derive(Debug)]
struct SystemRoots {
    provider: Arc<CryptoProvider>,
}

/// Starts reading the system's roots on their own thread, once per process (later calls do
/// nothing). Without a thread, the first certificate check reads them itself.
pub fn start_reading() {
    READING.call_once(|| {
        let _ = std::thread::Builder::new()
            .name("tls-roots".into())
            .spawn(|| {
                roots();
            });
    });
}

/// The roots, read now or waited for when another thread is reading them.
fn roots() -> &'static Result<Verifier, rustls::Error> {
    ROOTS.get_or_init(|| {
        let provider = CryptoProvider::get_default()
            .cloned()
            .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
        Verifier::new(provider)
    })
}

impl ServerCertVerifier for SystemRoots {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match roots() {
            Ok(verifier) => verifier.verify_server_cert(
                end_entity,
                intermediates,
                server_name,
                ocsp_response,
                now,
            ),
            Err(none) => Err(none.clone()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
#[path = "tls_tests.rs"]
mod tests;
