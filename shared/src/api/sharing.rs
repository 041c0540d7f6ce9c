//! Sharing a flow read-only: share links (`/api/flows/{id}/share-links`), what a link shows
//! (`GET /api/shared/{token}`), and the embeddable widget's render (`POST /api/render-screen`).

use serde::{Deserialize, Serialize};

/// A share link: a read-only view of one flow for anyone who has its token, at
/// `/embed/{token}` and through `GET /api/shared/{token}`, until it is revoked or expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareLink {
    pub id: String,
    pub flow_id: String,
    /// 256 random bits, base64url. Whoever has it can see this one flow, read-only.
    pub token: String,
    /// Who created the link: a username or an API key's name.
    pub created_by: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339; a revoked link shows nothing.
    pub revoked_at: Option<String>,
    /// RFC 3339; from then on the link shows nothing. None: until revoked.
    #[serde(default)]
    pub expires_at: Option<String>,
}

impl ShareLink {
    /// The path of the embeddable page, `/embed/{token}`.
    pub fn embed_path(&self) -> String {
        format!("/embed/{}", self.token)
    }
}

/// `POST /api/render-screen`: a screen of a flow as the embeddable widget shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenderScreen {
    /// The Flow JSON text; only a flow that validates is shown.
    pub flow_json: String,
    /// The screen to show; the first by default.
    #[serde(default)]
    pub screen: Option<String>,
}

/// The answer to [`RenderScreen`]: the screen with every property evaluated, as the phone draws it,
/// and every screen of the flow, to choose another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenderedPreview {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub screen: crate::simulate::RenderedScreen,
    /// The flow's screens in document order.
    #[serde(default)]
    pub screens: Vec<ScreenName>,
}

/// A screen's id and the title it shows (its id when the title comes from data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScreenName {
    pub id: String,
    pub title: String,
}

/// What a share link shows: the flow's name and its Flow JSON text, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedFlow {
    pub name: String,
    /// The Flow JSON exactly as stored.
    pub json_text: String,
}
