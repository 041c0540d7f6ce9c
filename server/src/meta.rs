//! The typed client of Meta's Graph API for WhatsApp Flows (`graph-api.md`).
//!
//! The server is the only part of Flowdeck that talks to Meta and sees access
//! tokens. [`GraphClient`] wraps one `reqwest::Client` and offers a method per
//! Flows API call; each call takes the account's [`AccessToken`], which never
//! shows in a `Debug` output, a log line or an error. Failures become a
//! [`GraphError`] classified by Meta's error code; reads are retried on
//! transient failures and writes only on rate limits ([`RetryPolicy`]).

mod client;
mod error;
mod retry;
mod types;

pub use client::{AccessToken, GraphClient, GraphConfig};
pub use error::{FlowErrorKind, GraphError, MetaError};
pub use retry::RetryPolicy;
pub use types::{
    Application, BusinessPublicKey, CanSendMessage, CreatedFlow, Flow, FlowCategory, FlowField, FlowMessage,
    FlowPage, FlowStatus, FlowUpdate, HealthEntity, HealthError, HealthStatus, MessageSent, MessageTemplate,
    MetaValidationError, NewFlow, PageRequest, Preview, UploadResult,
};
