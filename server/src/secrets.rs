//! Secrets at rest: account tokens and app secrets are sealed with AES-256-GCM before they are stored.
//!
//! One key per installation: `secret_key` from the configuration (32 bytes, base64), or else a key
//! file `secret.key` in the data directory, created on first start with permissions 0600. A sealed
//! value is `v1:` followed by base64 of the 12-byte random nonce and the ciphertext with its tag, so
//! a changed byte, a wrong key or a value from another table fails to open instead of giving garbage.
//! Nothing here ever formats a secret: `Debug` prints `[redacted]`.

use std::fmt;
use std::io::Write;
use std::path::Path;

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

const VERSION_PREFIX: &str = "v1:";
const NONCE_BYTES: usize = 12;
const KEY_FILE: &str = "secret.key";

/// Seals and opens secrets with the installation's key.
pub struct SecretBox {
    cipher: Aes256Gcm,
}

impl fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretBox([redacted])")
    }
}

impl SecretBox {
    /// The key from `configured` (base64 of 32 bytes) or, when none is configured, from the key
    /// file in `data_dir`, which is created with permissions 0600 when it does not exist.
    pub fn load(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<SecretBox> {
        let key = match configured {
            Some(text) => decode_key(text).context("secret_key must be 32 bytes in base64")?,
            None => key_from_file(&data_dir.join(KEY_FILE))?,
        };
        Ok(SecretBox { cipher: Aes256Gcm::new(&key) })
    }

    /// Encrypts `plaintext` with a fresh random nonce.
    pub fn seal(&self, plaintext: &str) -> anyhow::Result<String> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let ciphertext = self
            .cipher
            .encrypt(&nonce, plaintext.as_bytes())
            .map_err(|_| anyhow::format_err!("cannot encrypt"))?;
        let mut sealed = nonce.to_vec();
        sealed.extend_from_slice(&ciphertext);
        Ok(format!("{VERSION_PREFIX}{}", BASE64.encode(sealed)))
    }

    /// Decrypts a value made by [`SecretBox::seal`] with the same key.
    pub fn open(&self, sealed: &str) -> anyhow::Result<String> {
        let Some(encoded) = sealed.strip_prefix(VERSION_PREFIX) else { bail!("not a sealed secret") };
        let bytes = BASE64.decode(encoded).context("a sealed secret is not base64")?;
        if bytes.len() <= NONCE_BYTES {
            bail!("a sealed secret is too short");
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().context("a sealed secret has a bad nonce")?;
        let plaintext = self
            .cipher
            .decrypt(&Nonce::from(nonce), ciphertext)
            .map_err(|_| anyhow::format_err!("a sealed secret does not open with this installation's key"))?;
        String::from_utf8(plaintext).context("a sealed secret is not text")
    }
}

fn decode_key(text: &str) -> anyhow::Result<Key<Aes256Gcm>> {
    let bytes = BASE64.decode(text.trim())?;
    let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice()) else { bail!("the key has {} bytes", bytes.len()) };
    Ok(Key::<Aes256Gcm>::from(key))
}

fn key_from_file(path: &Path) -> anyhow::Result<Key<Aes256Gcm>> {
    if path.exists() {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        return decode_key(&text).with_context(|| format!("{} does not hold a key", path.display()));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let key = Aes256Gcm::generate_key(&mut OsRng);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(BASE64.encode(key).as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_intact() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = SecretBox::load(None, dir.path()).unwrap();

        let sealed = secrets.seal("EAAG-token").unwrap();
        assert!(!sealed.contains("EAAG"), "{sealed}");
        assert_ne!(sealed, secrets.seal("EAAG-token").unwrap(), "every seal uses a fresh nonce");
        assert_eq!(secrets.open(&sealed).unwrap(), "EAAG-token");

        let other = SecretBox::load(Some(&BASE64.encode([7u8; 32])), dir.path()).unwrap();
        assert!(other.open(&sealed).is_err());
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 2;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert!(secrets.open(&String::from_utf8(tampered).unwrap()).is_err());
        assert!(format!("{secrets:?}").contains("redacted"));
    }

    #[test]
    fn the_key_file_is_created_once_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let first = SecretBox::load(None, dir.path()).unwrap();
        let sealed = first.seal("secret").unwrap();
        let second = SecretBox::load(None, dir.path()).unwrap();
        assert_eq!(second.open(&sealed).unwrap(), "secret", "the same key file is read again");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_configured_key_must_be_32_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let error = SecretBox::load(Some("c2hvcnQ="), dir.path()).unwrap_err();
        assert!(format!("{error:#}").contains("32 bytes"), "{error:#}");
    }
}
