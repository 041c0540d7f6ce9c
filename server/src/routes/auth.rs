//! `POST /api/auth/login`, `POST /api/auth/logout` and `GET /api/auth/me`.

use std::net::SocketAddr;

use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{AppendHeaders, IntoResponse};
use flowdeck_shared::api::{LoginRequest, Principal};

use super::ApiJson;
use crate::auth;
use crate::error::{AppError, success};
use crate::openapi::{BadRequest, ServerErrors, Success, TooManyAttempts, Unauthorized};
use crate::startup::AppState;

/// Sign in
///
/// Checks a username and password and starts a session: the answer sets the `flowdeck_session`
/// cookie (`HttpOnly`, `SameSite=Strict`, 14 days). Attempts are limited per address and per
/// username.
#[utoipa::path(
    post,
    path = "/auth/login",
    tag = "auth",
    security(()),
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the cookie is set.", body = Success<Principal>,
            headers(("Set-Cookie" = String, description = "The session cookie."))),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 429, response = TooManyAttempts),
        ServerErrors,
    ),
)]
pub(super) async fn auth_login(
    State(state): State<AppState>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<impl IntoResponse, AppError> {
    let address = client.map(|Extension(ConnectInfo(address))| address.ip());
    state
        .login_limiter
        .check(address, &request.username)
        .map_err(|retry_after| AppError::too_many("too many sign-in attempts", retry_after))?;
    let Some((user, token)) = auth::sign_in(&state.db, &request.username, &request.password).await? else {
        // Not the username: people type their password there by mistake.
        tracing::info!(?address, "sign-in refused");
        return Err(AppError::Unauthorized("the username or the password is wrong".to_owned()));
    };
    tracing::info!(username = %user.username, "signed in");
    let cookie = auth::session_cookie(Some(&token), state.secure_cookies);
    let principal = Principal::User { id: user.id, username: user.username };
    Ok((AppendHeaders([(SET_COOKIE, cookie)]), success(principal)))
}

/// Sign out
///
/// Ends the caller's session, if any, and clears the cookie; succeeds even without a session.
#[utoipa::path(
    post,
    path = "/auth/logout",
    tag = "auth",
    security(()),
    responses(
        (status = 200, description = "Signed out; the cookie is cleared.", body = Success<SignedOut>,
            headers(("Set-Cookie" = String, description = "The session cookie, emptied."))),
        ServerErrors,
    ),
)]
pub(super) async fn auth_logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    auth::sign_out(&state.db, &headers).await?;
    let cookie = auth::session_cookie(None, state.secure_cookies);
    Ok((AppendHeaders([(SET_COOKIE, cookie)]), success(SignedOut { signed_out: true })))
}

/// The answer to signing out.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub(super) struct SignedOut {
    /// Always `true`.
    signed_out: bool,
}

/// Who is calling
///
/// The signed-in user, or the API key the request carries.
#[utoipa::path(
    get,
    path = "/auth/me",
    tag = "auth",
    responses((status = 200, description = "The caller.", body = Success<Principal>), ServerErrors),
)]
pub(super) async fn auth_me(Extension(principal): Extension<Principal>) -> impl IntoResponse {
    success(principal)
}
