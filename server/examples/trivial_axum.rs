//! The floor for `cargo xtask load`: a bare axum server on the same runtime and machine, whose
//! one route returns a small JSON body. `GET /api/flows` is measured against it, so the load
//! report is a ratio that does not depend on how fast the machine is.
//!
//! Usage: `trivial_axum PORT`.

use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args().nth(1).and_then(|port| port.parse().ok()).unwrap_or(8091);
    let app =
        Router::new().route("/", get(|| async { axum::Json(serde_json::json!({"status": "success"})) }));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    axum::serve(listener, app).await
}
