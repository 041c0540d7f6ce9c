//! `POST /api/render-screen`: the embeddable widget's drawing data. The widget sends the Flow JSON
//! it was given (a `src` URL's, inline, or a share link's) and gets the screen back with every
//! property evaluated, so the browser downloads only the drawing code, not the validator and the
//! simulator (`shared::preview::widget_preview` runs here). Open to anyone, from any origin
//! (CORS, no credentials): other sites' pages call it; one client address may ask for a burst of
//! 120 screens, then 2 a second (`auth::AddressLimiter`).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::{Extension, Json};
use flowdeck_shared::api::{Envelope, RenderScreen, RenderedPreview};
use flowdeck_shared::preview::widget_preview;

use super::ApiJson;
use crate::error::{AppError, success};
use crate::openapi::{BadRequest, ServerErrors, Success, TooManyAttempts};
use crate::startup::AppState;

/// Render a screen of a flow for the widget
///
/// The first screen (or `screen`) of a flow that validates, opened with its example data, as
/// the embeddable widget draws it, with the names of all its screens. A flow that does not validate gets a 400 naming its first
/// error, with line and column.
#[utoipa::path(
    post,
    path = "/render-screen",
    tag = "sharing",
    security(()),
    request_body = RenderScreen,
    responses(
        (status = 200, description = "The screen, every property evaluated.", body = Success<RenderedPreview>),
        (status = 400, response = BadRequest),
        (status = 429, response = TooManyAttempts),
        ServerErrors,
    ),
)]
pub(super) async fn render_screen(
    State(state): State<AppState>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    ApiJson(request): ApiJson<RenderScreen>,
) -> Result<Json<Envelope<RenderedPreview>>, AppError> {
    if let Some(Extension(ConnectInfo(address))) = client {
        state
            .render_limiter
            .check(address.ip())
            .map_err(|retry_after| AppError::too_many("too many previews from this address", retry_after))?;
    }
    // Validating a large flow takes a while: off the async threads.
    let rendered =
        tokio::task::spawn_blocking(move || widget_preview(&request.flow_json, request.screen.as_deref()))
            .await
            .map_err(|error| AppError::Internal(error.into()))?;
    Ok(success(rendered.map_err(AppError::BadRequest)?))
}
