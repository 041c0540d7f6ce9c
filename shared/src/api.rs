//! The HTTP boundary: every type that crosses `/api` between server and browser.
//!
//! Changing a type here changes the public REST API that teams script against,
//! so fields are only ever added. Every response uses one envelope:
//! `{"status":"success","data":…}` or `{"status":"error","error":{code,message,details}}`.

use serde::{Deserialize, Serialize};

/// The envelope around every `/api` response body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Envelope<T> {
    Success { data: T },
    Error { error: ApiError },
}

impl<T> Envelope<T> {
    /// The data of a success, or the error of a failure.
    pub fn into_result(self) -> Result<T, ApiError> {
        match self {
            Envelope::Success { data } => Ok(data),
            Envelope::Error { error } => Err(error),
        }
    }
}

/// A failed request: a stable machine-readable `code`, a sentence for people,
/// and optional structured `details` (for example the validation errors).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub details: serde_json::Value,
}

/// One page of a list endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items match the filters across all pages.
    pub total: u64,
    /// 1-based page number.
    pub page: u32,
    pub limit: u32,
}

impl<T> Page<T> {
    /// How many pages the filtered list has; at least 1, so "page 1 of 1" reads right when empty.
    pub fn page_count(&self) -> u64 {
        let limit = u64::from(self.limit.max(1));
        self.total.div_ceil(limit).max(1)
    }
}

/// Paging parameters of list endpoints, with the defaults and bounds the server enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub page: u32,
    pub limit: u32,
}

impl PageRequest {
    pub const DEFAULT_LIMIT: u32 = 20;
    pub const MAX_LIMIT: u32 = 100;

    /// Checks raw query values; `None` means "not given" and takes the default.
    pub fn parse(page: Option<u32>, limit: Option<u32>) -> Result<PageRequest, String> {
        let page = page.unwrap_or(1);
        let limit = limit.unwrap_or(Self::DEFAULT_LIMIT);
        if page == 0 {
            return Err("page starts at 1".to_owned());
        }
        if limit == 0 || limit > Self::MAX_LIMIT {
            return Err(format!("limit must be between 1 and {}", Self::MAX_LIMIT));
        }
        Ok(PageRequest { page, limit })
    }

    /// Rows to skip before this page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.limit)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest { page: 1, limit: Self::DEFAULT_LIMIT }
    }
}

/// `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"` when the server and its database answer.
    pub status: String,
    pub version: String,
    /// `"sqlite"` or `"postgres"`.
    pub database: String,
}

/// A flow's lifecycle status on Meta.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FlowStatus {
    Draft,
    Published,
    Deprecated,
    Throttled,
    Blocked,
}

impl FlowStatus {
    pub const ALL: [FlowStatus; 5] = [
        FlowStatus::Draft,
        FlowStatus::Published,
        FlowStatus::Deprecated,
        FlowStatus::Throttled,
        FlowStatus::Blocked,
    ];

    /// The wire form, as Meta spells it (`DRAFT`).
    pub fn as_str(self) -> &'static str {
        match self {
            FlowStatus::Draft => "DRAFT",
            FlowStatus::Published => "PUBLISHED",
            FlowStatus::Deprecated => "DEPRECATED",
            FlowStatus::Throttled => "THROTTLED",
            FlowStatus::Blocked => "BLOCKED",
        }
    }

    /// The form people read (`Draft`).
    pub fn label(self) -> &'static str {
        match self {
            FlowStatus::Draft => "Draft",
            FlowStatus::Published => "Published",
            FlowStatus::Deprecated => "Deprecated",
            FlowStatus::Throttled => "Throttled",
            FlowStatus::Blocked => "Blocked",
        }
    }

    pub fn parse(text: &str) -> Option<FlowStatus> {
        FlowStatus::ALL.into_iter().find(|status| status.as_str().eq_ignore_ascii_case(text))
    }
}

/// A flow as the list endpoint shows it (without its JSON definition).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowSummary {
    pub id: String,
    pub meta_flow_id: Option<String>,
    pub name: String,
    pub status: FlowStatus,
    pub account_id: Option<String>,
    pub categories: Vec<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_page_serialises_in_the_documented_envelope() {
        let page: Page<FlowSummary> = Page { items: vec![], total: 0, page: 1, limit: 20 };
        let body = serde_json::to_string(&Envelope::Success { data: page }).unwrap();
        assert_eq!(body, r#"{"status":"success","data":{"items":[],"total":0,"page":1,"limit":20}}"#);
    }

    #[test]
    fn an_error_round_trips_through_the_envelope() {
        let text =
            r#"{"status":"error","error":{"code":"not_found","message":"no such flow","details":null}}"#;
        let envelope: Envelope<Health> = serde_json::from_str(text).unwrap();
        let error = envelope.into_result().unwrap_err();
        assert_eq!(error.code, "not_found");
        assert_eq!(serde_json::to_string(&Envelope::<Health>::Error { error }).unwrap(), text);
    }

    #[test]
    fn page_requests_take_defaults_and_reject_out_of_range_values() {
        assert_eq!(PageRequest::parse(None, None), Ok(PageRequest { page: 1, limit: 20 }));
        assert_eq!(PageRequest::parse(Some(3), Some(50)).unwrap().offset(), 100);
        assert!(PageRequest::parse(Some(0), None).is_err());
        assert!(PageRequest::parse(None, Some(0)).is_err());
        assert!(PageRequest::parse(None, Some(101)).is_err());
    }

    #[test]
    fn page_count_is_never_zero() {
        let page = |total| Page::<()> { items: vec![], total, page: 1, limit: 20 };
        assert_eq!(page(0).page_count(), 1);
        assert_eq!(page(20).page_count(), 1);
        assert_eq!(page(21).page_count(), 2);
    }

    #[test]
    fn statuses_parse_in_any_case() {
        for status in FlowStatus::ALL {
            assert_eq!(FlowStatus::parse(&status.as_str().to_lowercase()), Some(status));
        }
        assert_eq!(FlowStatus::parse("LIVE"), None);
    }
}
