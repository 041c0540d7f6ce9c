//! The data endpoint's encryption (graph-api.md §6.2): RSA-OAEP with SHA-256 wraps a fresh AES-128
//! key, the request is AES-128-GCM with a 16-byte IV, and the response is sealed with the same key
//! under the IV with every byte flipped.
//!
//! Both sides are here: [`encrypt_request`] and [`ResponseKey::open_response`] are what WhatsApp does
//! (the endpoint tester), [`decrypt_request`] and [`ResponseKey::seal_response`] what the business's
//! endpoint does (the example endpoint of the tests, and the checks that tell a wrong IV from a wrong
//! key). Key pairs are 2048-bit RSA in PEM: the public key as SPKI (`BEGIN PUBLIC KEY`, what Meta
//! takes), the private key as PKCS#8.

use aes_gcm::aead::consts::U16;
use aes_gcm::aead::{Aead, KeyInit, OsRng, rand_core::RngCore};
use aes_gcm::aes::Aes128;
use aes_gcm::{AesGcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::{Oaep, RsaPrivateKey, RsaPublicKey};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// AES-128-GCM with WhatsApp's 16-byte nonce.
type FlowCipher = AesGcm<Aes128, U16>;

const RSA_BITS: usize = 2048;
const AES_KEY_BYTES: usize = 16;
const IV_BYTES: usize = 16;
const TAG_BYTES: usize = 16;

/// A business key pair.
#[derive(Debug)]
pub struct KeyPair {
    /// `-----BEGIN PUBLIC KEY-----` (SPKI), as uploaded to Meta.
    pub public_pem: String,
    /// `-----BEGIN PRIVATE KEY-----` (PKCS#8), for the business's endpoint only.
    pub private_pem: SecretString,
}

/// A fresh 2048-bit RSA key pair.
pub fn generate_key_pair() -> anyhow::Result<KeyPair> {
    let private = RsaPrivateKey::new(&mut OsRng, RSA_BITS)?;
    let public_pem = RsaPublicKey::from(&private).to_public_key_pem(LineEnding::LF)?;
    let private_pem = private.to_pkcs8_pem(LineEnding::LF)?;
    Ok(KeyPair { public_pem, private_pem: SecretString::from(private_pem.as_str()) })
}

/// The public key (PEM) of a private key (PEM), to check a key file and show its fingerprint.
pub fn public_key_of(private_pem: &str) -> Result<String, CryptoError> {
    let private =
        RsaPrivateKey::from_pkcs8_pem(private_pem.trim()).map_err(|_| CryptoError::BadPrivateKey)?;
    RsaPublicKey::from(&private).to_public_key_pem(LineEnding::LF).map_err(|_| CryptoError::BadPrivateKey)
}

/// A public key in either PEM spelling teams have (SPKI `BEGIN PUBLIC KEY`, what `openssl rsa
/// -pubout` writes and Meta takes, or PKCS#1 `BEGIN RSA PUBLIC KEY`), written as SPKI.
pub fn normalised_public_key(pem: &str) -> Result<String, CryptoError> {
    read_public_key(pem)?.to_public_key_pem(LineEnding::LF).map_err(|_| CryptoError::BadPublicKey)
}

/// An RSA public key from either PEM spelling.
fn read_public_key(pem: &str) -> Result<RsaPublicKey, CryptoError> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    let text = pem.trim();
    RsaPublicKey::from_public_key_pem(text)
        .or_else(|_| RsaPublicKey::from_pkcs1_pem(text))
        .map_err(|_| CryptoError::BadPublicKey)
}

/// `SHA256:` and the base64 SHA-256 of the key's DER, as `ssh-keygen -l` prints fingerprints:
/// short enough to compare by eye, and the same for every PEM spelling of one key.
pub fn fingerprint(public_pem: &str) -> Result<String, CryptoError> {
    let key = read_public_key(public_pem)?;
    let der = key.to_public_key_der().map_err(|_| CryptoError::BadPublicKey)?;
    let digest = Sha256::digest(der.as_bytes());
    Ok(format!("SHA256:{}", base64::engine::general_purpose::STANDARD_NO_PAD.encode(digest)))
}

/// The body WhatsApp posts to the endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncryptedRequest {
    pub encrypted_flow_data: String,
    pub encrypted_aes_key: String,
    pub initial_vector: String,
}

/// What one exchange is sealed with: the AES key and the request's IV.
#[derive(Clone)]
pub struct ResponseKey {
    aes_key: [u8; AES_KEY_BYTES],
    iv: [u8; IV_BYTES],
}

impl std::fmt::Debug for ResponseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ResponseKey([redacted])")
    }
}

/// Why something could not be encrypted or decrypted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error(
        "the public key is not a PEM RSA public key (-----BEGIN PUBLIC KEY----- or -----BEGIN RSA PUBLIC KEY-----)"
    )]
    BadPublicKey,
    #[error("the private key is not a PEM PKCS#8 RSA private key (-----BEGIN PRIVATE KEY-----)")]
    BadPrivateKey,
    #[error("{field} is not base64")]
    NotBase64 { field: &'static str },
    #[error("the AES key does not decrypt with this private key (RSA-OAEP, SHA-256)")]
    WrongKey,
    #[error("the AES key has {0} bytes; it must have 16 (AES-128)")]
    AesKeyLength(usize),
    #[error("the initial vector has {0} bytes; it must have 16")]
    IvLength(usize),
    #[error("the data is {0} bytes, shorter than the 16-byte GCM tag")]
    TooShort(usize),
    #[error("the data does not decrypt with this AES key and IV (the GCM tag does not match)")]
    TagMismatch,
}

/// Encrypts a request body for the endpoint whose public key is `public_pem`, with a fresh AES key
/// and IV; the [`ResponseKey`] opens the answer.
pub fn encrypt_request(
    public_pem: &str,
    plaintext: &[u8],
) -> Result<(EncryptedRequest, ResponseKey), CryptoError> {
    let public = read_public_key(public_pem)?;
    let mut key = ResponseKey { aes_key: [0; AES_KEY_BYTES], iv: [0; IV_BYTES] };
    OsRng.fill_bytes(&mut key.aes_key);
    OsRng.fill_bytes(&mut key.iv);
    let wrapped = public
        .encrypt(&mut OsRng, Oaep::new::<Sha256>(), &key.aes_key)
        .map_err(|_| CryptoError::BadPublicKey)?;
    let request = EncryptedRequest {
        encrypted_flow_data: BASE64.encode(key.seal(&key.iv, plaintext)),
        encrypted_aes_key: BASE64.encode(wrapped),
        initial_vector: BASE64.encode(key.iv),
    };
    Ok((request, key))
}

/// Decrypts a request with the business's private key, as its endpoint does (a failure here is the
/// endpoint's HTTP 421).
pub fn decrypt_request(
    private_pem: &str,
    request: &EncryptedRequest,
) -> Result<(Vec<u8>, ResponseKey), CryptoError> {
    let private =
        RsaPrivateKey::from_pkcs8_pem(private_pem.trim()).map_err(|_| CryptoError::BadPrivateKey)?;
    let wrapped = decode("encrypted_aes_key", &request.encrypted_aes_key)?;
    let aes_key = private.decrypt(Oaep::new::<Sha256>(), &wrapped).map_err(|_| CryptoError::WrongKey)?;
    let iv = decode("initial_vector", &request.initial_vector)?;
    let key = ResponseKey::new(&aes_key, &iv)?;
    let data = decode("encrypted_flow_data", &request.encrypted_flow_data)?;
    let plaintext = key.open(&key.iv, &data)?;
    Ok((plaintext, key))
}

impl ResponseKey {
    /// A key from its raw parts (the test vectors; [`decrypt_request`]).
    pub fn new(aes_key: &[u8], iv: &[u8]) -> Result<ResponseKey, CryptoError> {
        Ok(ResponseKey {
            aes_key: aes_key.try_into().map_err(|_| CryptoError::AesKeyLength(aes_key.len()))?,
            iv: iv.try_into().map_err(|_| CryptoError::IvLength(iv.len()))?,
        })
    }

    /// The request's ciphertext in base64 (`encrypted_flow_data`), sealed under the request's IV.
    pub fn seal_request(&self, plaintext: &[u8]) -> String {
        BASE64.encode(self.seal(&self.iv, plaintext))
    }

    /// The response body: sealed under the flipped IV, with the tag, in base64.
    pub fn seal_response(&self, plaintext: &[u8]) -> String {
        BASE64.encode(self.seal(&self.flipped_iv(), plaintext))
    }

    /// Opens a response body (base64 text) sealed under the flipped IV.
    pub fn open_response(&self, body: &str) -> Result<Vec<u8>, CryptoError> {
        let data = decode("the response body", body.trim())?;
        self.open(&self.flipped_iv(), &data)
    }

    /// Whether a response body was sealed under the request's own IV rather than the flipped one
    /// (the most common endpoint mistake, worth naming when [`ResponseKey::open_response`] fails).
    pub fn opens_with_unflipped_iv(&self, body: &str) -> bool {
        decode("the response body", body.trim()).is_ok_and(|data| self.open(&self.iv, &data).is_ok())
    }

    fn flipped_iv(&self) -> [u8; IV_BYTES] {
        self.iv.map(|byte| byte ^ 0xFF)
    }

    fn cipher(&self) -> FlowCipher {
        FlowCipher::new(&self.aes_key.into())
    }

    fn seal(&self, iv: &[u8; IV_BYTES], plaintext: &[u8]) -> Vec<u8> {
        self.cipher()
            .encrypt(&Nonce::<U16>::from(*iv), plaintext)
            .expect("AES-GCM encrypts any message shorter than 64 GiB")
    }

    fn open(&self, iv: &[u8; IV_BYTES], data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if data.len() < TAG_BYTES {
            return Err(CryptoError::TooShort(data.len()));
        }
        self.cipher().decrypt(&Nonce::<U16>::from(*iv), data).map_err(|_| CryptoError::TagMismatch)
    }
}

fn decode(field: &'static str, text: &str) -> Result<Vec<u8>, CryptoError> {
    BASE64.decode(text).map_err(|_| CryptoError::NotBase64 { field })
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    // graph-api.md §6.2's deterministic vector.
    const AES_KEY: &str = "AAECAwQFBgcICQoLDA0ODw==";
    const IV: &str = "oKGio6SlpqeoqaqrrK2urw==";
    const REQUEST: &str = r#"{"version":"3.0","action":"ping"}"#;
    const ENCRYPTED_REQUEST: &str = "RXsgKMV2vzp9Rg/3Nn9QNv1AIVWqxNBHbiobq+p97njG/oEBr518kbftZkNYkqEcIg==";
    const RESPONSE: &str = r#"{"data":{"status":"active"}}"#;
    const ENCRYPTED_RESPONSE: &str = "FusEzBdzvQC+45OrlNKuLz5JY7ITAEKuw/x2vQfdtCN50KTnDUi/t1juMWA=";

    fn vector_key() -> ResponseKey {
        ResponseKey::new(&BASE64.decode(AES_KEY).unwrap(), &BASE64.decode(IV).unwrap()).unwrap()
    }

    #[test]
    fn the_spec_vectors_hold_both_ways() {
        let key = vector_key();
        assert_eq!(key.seal_request(REQUEST.as_bytes()), ENCRYPTED_REQUEST);
        assert_eq!(
            key.open(&key.iv, &BASE64.decode(ENCRYPTED_REQUEST).unwrap()).unwrap(),
            REQUEST.as_bytes()
        );
        assert_eq!(BASE64.encode(key.flipped_iv()), "X15dXFtaWVhXVlVUU1JRUA==");
        assert_eq!(key.seal_response(RESPONSE.as_bytes()), ENCRYPTED_RESPONSE);
        assert_eq!(key.open_response(ENCRYPTED_RESPONSE).unwrap(), RESPONSE.as_bytes());
    }

    #[test]
    fn a_request_round_trips_through_a_generated_key_pair() {
        let pair = generate_key_pair().unwrap();
        assert!(pair.public_pem.starts_with("-----BEGIN PUBLIC KEY-----"), "{}", pair.public_pem);
        assert!(pair.private_pem.expose_secret().starts_with("-----BEGIN PRIVATE KEY-----"));
        let (request, key) = encrypt_request(&pair.public_pem, REQUEST.as_bytes()).unwrap();
        let (plaintext, endpoint_key) = decrypt_request(pair.private_pem.expose_secret(), &request).unwrap();
        assert_eq!(plaintext, REQUEST.as_bytes());
        assert_eq!(public_key_of(pair.private_pem.expose_secret()).unwrap(), pair.public_pem);
        let body = endpoint_key.seal_response(RESPONSE.as_bytes());
        assert_eq!(key.open_response(&body).unwrap(), RESPONSE.as_bytes());
        assert!(!key.opens_with_unflipped_iv(&body));

        let other = generate_key_pair().unwrap();
        assert_eq!(
            decrypt_request(other.private_pem.expose_secret(), &request).err(),
            Some(CryptoError::WrongKey)
        );
        assert_ne!(fingerprint(&pair.public_pem).unwrap(), fingerprint(&other.public_pem).unwrap());
    }

    #[test]
    fn a_response_under_the_unflipped_iv_or_another_key_is_told_apart() {
        let key = vector_key();
        let unflipped = BASE64.encode(key.seal(&key.iv, RESPONSE.as_bytes()));
        assert_eq!(key.open_response(&unflipped), Err(CryptoError::TagMismatch));
        assert!(key.opens_with_unflipped_iv(&unflipped));
        let stranger = ResponseKey::new(&[9; 16], &key.iv).unwrap().seal_response(RESPONSE.as_bytes());
        assert_eq!(key.open_response(&stranger), Err(CryptoError::TagMismatch));
        assert!(!key.opens_with_unflipped_iv(&stranger));
        assert_eq!(
            key.open_response("not base64!"),
            Err(CryptoError::NotBase64 { field: "the response body" })
        );
        assert_eq!(key.open_response("AAAA"), Err(CryptoError::TooShort(3)));
    }

    #[test]
    fn fingerprints_ignore_pem_spelling_and_refuse_other_text() {
        let pair = generate_key_pair().unwrap();
        let crlf = pair.public_pem.replace('\n', "\r\n");
        assert_eq!(fingerprint(&pair.public_pem).unwrap(), fingerprint(&crlf).unwrap());
        assert!(fingerprint(&pair.public_pem).unwrap().starts_with("SHA256:"));
        assert_eq!(
            fingerprint("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
            Err(CryptoError::BadPublicKey)
        );
        assert_eq!(
            decrypt_request("nope", &encrypt_request(&pair.public_pem, b"{}").unwrap().0).err(),
            Some(CryptoError::BadPrivateKey)
        );
    }

    #[test]
    fn a_pkcs1_public_key_reads_as_the_same_spki_key() {
        use rsa::pkcs1::EncodeRsaPublicKey;
        let pair = generate_key_pair().unwrap();
        let public = RsaPublicKey::from_public_key_pem(&pair.public_pem).unwrap();
        let pkcs1 = public.to_pkcs1_pem(LineEnding::CRLF).unwrap();
        assert!(pkcs1.starts_with("-----BEGIN RSA PUBLIC KEY-----"));

        assert_eq!(normalised_public_key(&pkcs1).unwrap(), pair.public_pem);
        assert_eq!(fingerprint(&pkcs1), fingerprint(&pair.public_pem), "one key, one fingerprint");
        assert_eq!(normalised_public_key(&format!("  {}\n", pair.public_pem)).unwrap(), pair.public_pem);
        assert_eq!(normalised_public_key("ssh-rsa AAAA"), Err(CryptoError::BadPublicKey));
    }
}
