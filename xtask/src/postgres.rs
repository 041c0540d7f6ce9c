//! A throwaway PostgreSQL server for the storage tests: installed from apt when missing,
//! started on 127.0.0.1 in a temporary directory, stopped and deleted when dropped.
//!
//! `initdb` refuses to run as root, so as root the server runs as the `postgres` user that
//! Debian's package creates, and its directory belongs to that user.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::{cmd, tools};

/// The variable that gives the server's tests the URL (see server/src/db/testing.rs).
pub(crate) const URL_VARIABLE: &str = "FLOWDECK_TEST_POSTGRES_URL";
/// The version installed when none is; any installed version serves as well.
const PACKAGE: &str = "postgresql-15";
/// Where Debian puts each version's programs: `/usr/lib/postgresql/<version>/bin`.
const VERSIONS_DIR: &str = "/usr/lib/postgresql";
/// The owner of the server's files when running as root.
const SERVICE_USER: &str = "postgres";

/// Installs PostgreSQL when no version is installed.
pub(crate) fn ensure_installed(root: &Path) -> anyhow::Result<()> {
    if bin_dir().is_some() {
        return Ok(());
    }
    tools::apt_install(root, &[PACKAGE], "the PostgreSQL storage tests")
}

/// A running server that trusts local connections; stopped and deleted on drop.
#[derive(Debug)]
pub(crate) struct TestServer {
    bin_dir: PathBuf,
    /// Holds the data directory, the socket and the log; deleted on drop.
    dir: tempfile::TempDir,
    port: u16,
    /// The user that runs the server's programs, when not the current one.
    service_user: Option<&'static str>,
}

impl TestServer {
    pub(crate) fn start(root: &Path) -> anyhow::Result<TestServer> {
        ensure_installed(root)?;
        let bin_dir = bin_dir().context("PostgreSQL is installed but initdb is not found")?;
        let dir = tempfile::Builder::new().prefix("flowdeck-postgres-").tempdir()?;
        let service_user = tools::is_root(root).then_some(SERVICE_USER);
        if let Some(user) = service_user {
            cmd::run(&mut cmd::command(root, "chown", &[&format!("{user}:"), &path_arg(dir.path())]))
                .with_context(|| {
                    format!("running as root needs the user {user} (from the {PACKAGE} package)")
                })?;
        }
        let port = free_port()?;
        let server = TestServer { bin_dir, dir, port, service_user };
        server.run(
            "initdb",
            &[
                "--pgdata",
                &server.data_dir(),
                "--username=postgres",
                "--auth=trust",
                "--no-locale",
                "--encoding=UTF8",
            ],
        )?;
        server.configure()?;
        let log = path_arg(&server.dir.path().join("server.log"));
        if let Err(error) =
            server.run("pg_ctl", &["start", "--wait", "--pgdata", &server.data_dir(), "--log", &log])
        {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            bail!("{error:#}\nthe server's log:\n{log}");
        }
        Ok(server)
    }

    /// The URL of the server's `postgres` database, as the superuser `postgres`.
    pub(crate) fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn data_dir(&self) -> String {
        path_arg(&self.dir.path().join("data"))
    }

    /// Settings for tests: local TCP only, the socket in our directory (not /var/run), and
    /// no waiting for the disk, since the data is thrown away.
    fn configure(&self) -> anyhow::Result<()> {
        let settings = format!(
            "\nlisten_addresses = '127.0.0.1'\nport = {}\nunix_socket_directories = '{}'\n\
             max_connections = 200\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n",
            self.port,
            path_arg(self.dir.path()),
        );
        let conf = self.dir.path().join("data/postgresql.conf");
        let mut text =
            std::fs::read_to_string(&conf).with_context(|| format!("cannot read {}", conf.display()))?;
        text.push_str(&settings);
        std::fs::write(&conf, text).with_context(|| format!("cannot write {}", conf.display()))
    }

    /// Runs one of PostgreSQL's programs, as the service user when there is one.
    fn run(&self, program: &str, args: &[&str]) -> anyhow::Result<()> {
        cmd::run(&mut self.command(program, args))
    }

    fn command(&self, program: &str, args: &[&str]) -> Command {
        let program = path_arg(&self.bin_dir.join(program));
        let mut command = match self.service_user {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--", &program]);
                command
            }
            None => Command::new(program),
        };
        // The service user may not be allowed into the caller's working directory.
        command.args(args).current_dir(self.dir.path());
        command
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if !self.dir.path().join("data/postmaster.pid").exists() {
            return;
        }
        let stopped =
            self.command("pg_ctl", &["stop", "--mode=immediate", "--pgdata", &self.data_dir()]).output();
        if !stopped.is_ok_and(|output| output.status.success()) {
            eprintln!("could not stop the test PostgreSQL server in {}", self.dir.path().display());
        }
    }
}

/// The `bin` directory of the newest installed PostgreSQL.
fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(VERSIONS_DIR)
        .ok()?
        .flatten()
        .filter_map(|entry| Some((entry.file_name().to_str()?.parse().ok()?, entry.path().join("bin"))))
        .filter(|(_, bin)| bin.join("initdb").is_file())
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// A port no one listens on now (another program could take it before the server does;
/// unlikely enough for tests).
fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("cannot find a free port")?;
    Ok(listener.local_addr()?.port())
}

fn path_arg(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
