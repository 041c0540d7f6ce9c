//! The Flowdeck server as a library, so tests can build and start it in-process.
//!
//! `main.rs` is a thin command-line shell around it. Start reading at
//! [`startup`], which assembles the application from [`config::Settings`]; every
//! route is listed in [`routes`].

pub mod accounts;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod embed;
pub mod endpoint;
pub mod error;
pub mod hardening;
pub mod meta;
pub mod openapi;
pub mod routes;
pub mod secrets;
pub mod startup;
pub mod static_files;
pub mod telemetry;
pub mod webhooks;
