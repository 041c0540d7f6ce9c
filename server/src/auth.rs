//! Who is calling: password sign-in with session cookies, API keys as bearer tokens.
//!
//! - Passwords are hashed with Argon2id. Session tokens and API keys are 256-bit random
//!   values, stored only as SHA-256 hashes.
//! - The session cookie is `HttpOnly` and `SameSite=Strict` (plus `Secure` when configured),
//!   so scripts in a page cannot read it and other sites cannot send it.
//! - [`require_principal`] guards every protected route and puts the [`Principal`] in the
//!   request's extensions.
//! - [`LoginLimiter`] slows password guessing, per client address and per username;
//!   [`AddressLimiter`] bounds what one address may ask of the open widget routes.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use anyhow::Context;
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flowdeck_shared::api::Principal;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sha2::{Digest, Sha256};

use crate::db::auth::{NewApiKey, User};
use crate::db::{Database, WriteError};
use crate::error::AppError;
use crate::startup::AppState;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "flowdeck_session";
/// How long a session lasts after signing in.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(14 * 24 * 60 * 60);
/// Every API key starts with this, so that leaked keys are easy to recognise and scan for.
pub const API_KEY_PREFIX: &str = "fdk_";
/// The user that `admin_password` (or the first start) creates.
pub const FIRST_USERNAME: &str = "admin";
const MIN_PASSWORD_CHARS: usize = 8;
/// `last_used_at` of an API key is written at most this often, to keep reads read-only.
const KEY_USE_RESOLUTION: Duration = Duration::from_secs(60);

/// Hashes a password for storage (Argon2id, a random salt, the crate's recommended costs).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| anyhow::format_err!("cannot hash the password: {error}"))
}

/// Whether `password` matches a hash made by [`hash_password`].
pub fn verify_password(stored_hash: &str, password: &str) -> bool {
    PasswordHash::new(stored_hash)
        .is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// Refuses passwords that are too short to be worth hashing, with the reason.
pub fn check_new_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!("a password needs at least {MIN_PASSWORD_CHARS} characters"));
    }
    Ok(())
}

/// Refuses usernames that would be confusing to type or to show.
pub fn check_username(username: &str) -> Result<(), String> {
    let valid_chars = username.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if username.is_empty() || username.chars().count() > 64 || !valid_chars {
        return Err(format!(
            "`{username}` is not a valid username: use 1 to 64 letters, digits, `.`, `_`, `-` or `@`"
        ));
    }
    Ok(())
}

/// A fresh 256-bit random token, base64url without padding.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored in place of a session token or an API key.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Adds a user; the error says why it could not be added.
pub async fn add_user(db: &Database, username: &str, password: &str) -> anyhow::Result<User> {
    check_username(username).map_err(anyhow::Error::msg)?;
    check_new_password(password).map_err(anyhow::Error::msg)?;
    let user = User { id: uuid::Uuid::new_v4().to_string(), username: username.to_owned() };
    match db.insert_user(&user, &hash_password(password)?, &crate::clock::now_rfc3339()).await {
        Ok(()) => Ok(user),
        Err(WriteError::Conflict { .. }) => anyhow::bail!("a user named `{username}` already exists"),
        Err(error) => Err(anyhow::Error::new(error).context("cannot add the user")),
    }
}

/// Gives a user a new password and signs them out everywhere.
pub async fn change_password(db: &Database, username: &str, password: &str) -> anyhow::Result<()> {
    check_new_password(password).map_err(anyhow::Error::msg)?;
    let changed =
        db.set_password(username, &hash_password(password)?).await.context("cannot change the password")?;
    if !changed {
        anyhow::bail!("there is no user named `{username}`");
    }
    Ok(())
}

/// What the first start did about users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstUser {
    /// Users exist already; nothing was done.
    Exists,
    /// `admin` was created with the configured `admin_password`.
    Configured,
    /// `admin` was created with this generated password, to show once.
    Generated(String),
}

/// Makes sure someone can sign in: with no users yet, creates `admin` with `admin_password`,
/// or with a generated password when none is configured.
pub async fn ensure_first_user(db: &Database, admin_password: Option<&str>) -> anyhow::Result<FirstUser> {
    if db.count_users().await? > 0 {
        return Ok(FirstUser::Exists);
    }
    let (password, outcome) = match admin_password {
        Some(password) => (password.to_owned(), FirstUser::Configured),
        None => {
            let generated = random_token()[..20].to_owned();
            (generated.clone(), FirstUser::Generated(generated))
        }
    };
    add_user(db, FIRST_USERNAME, &password).await.context("cannot create the first user (admin_password)")?;
    Ok(outcome)
}

/// A new API key, returned once: only its hash is kept.
pub async fn create_api_key(db: &Database, name: &str) -> anyhow::Result<String> {
    if name.trim().is_empty() || name.chars().count() > 100 {
        anyhow::bail!("an API key needs a name of 1 to 100 characters");
    }
    let key = format!("{API_KEY_PREFIX}{}", random_token());
    let new = NewApiKey {
        id: &uuid::Uuid::new_v4().to_string(),
        name,
        key_hash: &token_hash(&key),
        prefix: &key[..API_KEY_PREFIX.len() + 6],
        now: &crate::clock::now_rfc3339(),
    };
    match db.insert_api_key(&new).await {
        Ok(()) => Ok(key),
        Err(WriteError::Conflict { .. }) => anyhow::bail!("an API key named `{name}` already exists"),
        Err(error) => Err(anyhow::Error::new(error).context("cannot create the API key")),
    }
}

/// Checks a username and password; on success starts a session and returns its token.
pub async fn sign_in(
    db: &Database,
    username: &str,
    password: &str,
) -> Result<Option<(User, String)>, AppError> {
    let Some((user, stored_hash)) = db.user_with_password(username).await? else {
        // Hash anyway, so that an unknown username takes as long as a wrong password.
        let _ = hash_password(password);
        return Ok(None);
    };
    if !verify_password(&stored_hash, password) {
        return Ok(None);
    }
    let token = random_token();
    let expires_at = crate::clock::unix_now() + i64::try_from(SESSION_LIFETIME.as_secs()).unwrap_or(i64::MAX);
    db.insert_session(&token_hash(&token), &user.id, &crate::clock::now_rfc3339(), expires_at).await?;
    Ok(Some((user, token)))
}

/// Ends the session whose token is in `headers`' cookie, if any.
pub async fn sign_out(db: &Database, headers: &HeaderMap) -> Result<(), AppError> {
    if let Some(token) = session_token(headers) {
        db.delete_session(&token_hash(token), crate::clock::unix_now()).await?;
    }
    Ok(())
}

/// The `Set-Cookie` value that starts a session (or, with `None`, ends it in the browser).
pub fn session_cookie(token: Option<&str>, secure: bool) -> String {
    let (value, max_age) = match token {
        Some(token) => (token, SESSION_LIFETIME.as_secs()),
        None => ("", 0),
    };
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// Who a request comes from, or why it cannot be let in. `None`: it carries no credentials.
pub async fn authenticate(db: &Database, headers: &HeaderMap) -> Result<Option<Principal>, AppError> {
    if let Some(authorization) = headers.get(AUTHORIZATION) {
        let key = authorization
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| {
                AppError::Unauthorized("the Authorization header must be `Bearer <API key>`".to_owned())
            })?;
        let Some(info) = db.api_key_by_hash(&token_hash(key)).await? else {
            return Err(AppError::Unauthorized(
                "this API key is not valid: it was revoked or mistyped".to_owned(),
            ));
        };
        let now = crate::clock::now_rfc3339();
        if info
            .last_used_at
            .as_deref()
            .is_none_or(|last| !crate::clock::within(last, &now, KEY_USE_RESOLUTION))
        {
            db.touch_api_key(&info.id, &now).await?;
        }
        return Ok(Some(Principal::ApiKey { id: info.id, name: info.name }));
    }
    let Some(token) = session_token(headers) else { return Ok(None) };
    match db.session_user(&token_hash(token), crate::clock::unix_now()).await? {
        Some(user) => Ok(Some(Principal::User { id: user.id, username: user.username })),
        None => Err(AppError::Unauthorized("your session has ended: sign in again".to_owned())),
    }
}

/// The value of the session cookie in a request.
fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == SESSION_COOKIE && !value.is_empty())
        .map(|(_, value)| value)
}

/// Lets a request through only with a valid session or API key, and records who it is.
pub async fn require_principal(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let principal = authenticate(&state.db, request.headers()).await?.ok_or_else(|| {
        AppError::Unauthorized(
            "sign in, or send an API key as `Authorization: Bearer <key>` (create one with \
             `flowdeck apikey create --name NAME`)"
                .to_owned(),
        )
    })?;
    request.extensions_mut().insert(principal);
    Ok(next.run(request).await)
}

/// Limits sign-in attempts per client address and per username.
#[derive(Debug)]
pub struct LoginLimiter {
    by_address: DefaultKeyedRateLimiter<IpAddr>,
    by_username: DefaultKeyedRateLimiter<String>,
}

/// The keys a limiter remembers before it forgets the ones that are full again.
const LIMITER_MAX_KEYS: usize = 10_000;

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter {
            // A burst of 10 attempts, then one every 6 seconds.
            by_address: RateLimiter::keyed(per_minute(10)),
            // A burst of 5 attempts at one username, then one every 12 seconds.
            by_username: RateLimiter::keyed(per_minute(5)),
        }
    }
}

fn per_minute(attempts: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(attempts).unwrap_or(NonZeroU32::MIN))
}

impl LoginLimiter {
    /// Counts one attempt; `Err` with how long to wait when there were too many.
    pub fn check(&self, address: Option<IpAddr>, username: &str) -> Result<(), Duration> {
        if let Some(address) = address {
            count(&self.by_address, &address)?;
        }
        count(&self.by_username, &username.to_lowercase())
    }
}

/// Limits what one client address may ask of the open routes that do work for anyone (the
/// widget's `POST /api/render-screen`): a burst of 120, then 2 a second.
#[derive(Debug)]
pub struct AddressLimiter(DefaultKeyedRateLimiter<IpAddr>);

impl Default for AddressLimiter {
    fn default() -> Self {
        AddressLimiter(RateLimiter::keyed(per_minute(120)))
    }
}

impl AddressLimiter {
    /// Counts one request; `Err` with how long to wait when there were too many.
    pub fn check(&self, address: IpAddr) -> Result<(), Duration> {
        count(&self.0, &address)
    }
}

/// Counts one use of `key`, forgetting the keys that are full again once there are many.
fn count<K: std::hash::Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
) -> Result<(), Duration> {
    if limiter.len() > LIMITER_MAX_KEYS {
        limiter.retain_recent();
    }
    limiter.check_key(key).map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
}
