//! Rebuilds the server when a migration is added or changed: `sqlx::migrate!` embeds
//! `migrations/` at compile time, and on stable Rust only this tells cargo to look there.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
