//! HTTP tests of the JSON API and the static file serving, against a real server on 127.0.0.1.
//!
//! One binary for all of them keeps link time down; each feature has its own module.

mod account_health;
mod accounts;
mod auth;
mod data_endpoint;
mod faults;
mod flows;
mod hardening;
mod health;
mod lifecycle;
mod openapi;
mod send_test;
mod share_links;
mod static_files;
mod support;
mod sync;
mod try_it_mocks;
mod webhooks;
