//! Injected faults: what the fake answers instead of doing a request, and which requests they hit.

use std::time::Duration;

use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::errors::GraphError;

/// A failure the fake answers with instead of carrying out a request.
///
/// A faulted request never changes the fake's state and is not authenticated first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// This HTTP status (500, 502, 503…) with a transient Graph error body:
    /// code 1 for 500, code 2 for 503, code 131000 otherwise.
    ServerError(u16),
    /// Hold the request for this long (longer than the client's timeout), then answer
    /// 504 with a transient Graph error.
    Timeout(Duration),
    /// A rate-limit error: Graph `code` 4 (app), 80007/80008 (WABA) or 130429, with the
    /// HTTP `status` (429, or 400 as Meta's older table says, §3.3).
    RateLimited { code: u32, status: u16 },
    /// The session of the token expired: 190, subcode 463, HTTP 401.
    ExpiredToken,
    /// An HTML error page instead of JSON, with this HTTP status (200 is allowed).
    MalformedBody(u16),
}

impl Fault {
    /// The app-level limit, code 4, HTTP 429.
    pub fn app_rate_limit() -> Fault {
        Fault::RateLimited { code: 4, status: 429 }
    }

    /// The WABA-level limit, code 80008, HTTP 429.
    pub fn waba_rate_limit() -> Fault {
        Fault::RateLimited { code: 80008, status: 429 }
    }

    /// The response for this fault; `Timeout` sleeps first.
    pub(crate) async fn respond(self) -> Response {
        match self {
            Fault::ServerError(status) => GraphError::server(status_code(status)).into_response(),
            Fault::Timeout(duration) => {
                tokio::time::sleep(duration).await;
                GraphError::server(StatusCode::GATEWAY_TIMEOUT).into_response()
            }
            Fault::RateLimited { code, status } => {
                GraphError::rate_limited(code, status_code(status)).into_response()
            }
            Fault::ExpiredToken => GraphError::expired_token().into_response(),
            Fault::MalformedBody(status) => (
                status_code(status),
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                "<!DOCTYPE html><html><head><title>Facebook | Error</title></head><body>\
                 Sorry, something went wrong. We're working on getting this fixed as soon as we can.\
                 </body></html>",
            )
                .into_response(),
        }
    }
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// Which requests a fault hits, and how many more times.
#[derive(Debug, Clone)]
struct FaultRule {
    fault: Fault,
    method: Option<Method>,
    /// The path without the version segment; a trailing `*` matches any rest.
    path: Option<String>,
    /// `None`: every matching request until the faults are cleared.
    remaining: Option<usize>,
}

impl FaultRule {
    fn matches(&self, method: &Method, path: &str) -> bool {
        if self.method.as_ref().is_some_and(|wanted| wanted != method) {
            return false;
        }
        match &self.path {
            None => true,
            Some(pattern) => match pattern.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => pattern == path,
            },
        }
    }
}

/// The pending faults, first added first served.
#[derive(Debug, Clone, Default)]
pub(crate) struct Faults {
    rules: Vec<FaultRule>,
}

impl Faults {
    /// Every request (any path) gets `fault`, `times` times.
    pub(crate) fn next(&mut self, times: usize, fault: Fault) {
        if times > 0 {
            self.rules.push(FaultRule { fault, method: None, path: None, remaining: Some(times) });
        }
    }

    /// Requests whose path matches `pattern` get `fault`; `times: None` means until cleared.
    ///
    /// `pattern` is `[METHOD ]/path`, with or without a version segment; a trailing `*`
    /// matches any rest (`/123*` hits `/123`, `/123/assets`…).
    pub(crate) fn on_path(&mut self, pattern: &str, fault: Fault, times: Option<usize>) {
        let (method, path) = match pattern.split_once(' ') {
            Some((method, path)) => (method.parse::<Method>().ok(), path.trim()),
            None => (None, pattern.trim()),
        };
        let path = normalise_path(path).0;
        self.rules.push(FaultRule { fault, method, path: Some(path), remaining: times });
    }

    pub(crate) fn clear(&mut self) {
        self.rules.clear();
    }

    /// The fault for this request, if any, counting it against its rule.
    pub(crate) fn take(&mut self, method: &Method, path: &str) -> Option<Fault> {
        let index = self.rules.iter().position(|rule| rule.matches(method, path))?;
        let rule = &mut self.rules[index];
        let fault = rule.fault.clone();
        if let Some(remaining) = &mut rule.remaining {
            *remaining -= 1;
            if *remaining == 0 {
                self.rules.remove(index);
            }
        }
        Some(fault)
    }
}

/// `/v23.0/123/assets/` → (`/123/assets`, `Some("v23.0")`); the version is any `vNN.N` segment.
pub(crate) fn normalise_path(path: &str) -> (String, Option<String>) {
    let mut segments: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
    let version = segments.first().filter(|first| is_version(first)).map(|first| (*first).to_owned());
    if version.is_some() {
        segments.remove(0);
    }
    (format!("/{}", segments.join("/")), version)
}

/// `v23.0`, `v9.0`: Graph's version segment.
pub(crate) fn is_version(segment: &str) -> bool {
    let Some(rest) = segment.strip_prefix('v') else { return false };
    let Some((major, minor)) = rest.split_once('.') else { return false };
    !major.is_empty()
        && !minor.is_empty()
        && major.bytes().all(|byte| byte.is_ascii_digit())
        && minor.bytes().all(|byte| byte.is_ascii_digit())
}
