//! Tests of the fake Graph API itself, through real HTTP on 127.0.0.1 with `reqwest`.
//!
//! One binary; each area has its own module.

mod assets;
mod auth;
mod faults;
mod flows;
mod lifecycle;
mod lists;
mod other;
mod support;
