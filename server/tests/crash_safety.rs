//! Killing the server with SIGKILL in the middle of a write load loses no write it acknowledged:
//! on SQLite, and on PostgreSQL when `FLOWDECK_TEST_POSTGRES_URL` names a server
//! (`cargo xtask test` starts one).
//!
//! The real `flowdeck serve` runs as a child process. Four clients create and rename flows as
//! fast as it answers, and remember every write it acknowledged; the server is killed with no
//! warning while they write, started again on the same data, and every acknowledged write must
//! be there. A write that was committed but not yet acknowledged may be there too, so a flow may
//! be newer than its last acknowledgement, never older.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use flowdeck_server::db::scratch::{POSTGRES_URL_VARIABLE, ScratchPostgres};
use serde_json::{Value, json};

const WRITERS: usize = 4;
/// How long the load runs before the kill.
const LOAD_BEFORE_KILL: Duration = Duration::from_millis(1500);

/// Where a server keeps its data: the `FLOWDECK_*` variables that point it there.
struct Storage(Vec<(&'static str, String)>);

/// `flowdeck` with only the given `FLOWDECK_*` variables, none of the caller's.
fn flowdeck(storage: &Storage, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_flowdeck"));
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("FLOWDECK_")) {
        command.env_remove(name);
    }
    command.args(args).envs(storage.0.iter().map(|(name, value)| (*name, value.as_str())));
    command
}

/// A running `flowdeck serve` and its address.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(storage: &Storage) -> Server {
        let mut child = flowdeck(storage, &["serve"])
            .env("FLOWDECK_LISTEN", "127.0.0.1:0")
            .env("FLOWDECK_ADMIN_PASSWORD", "crash-test-password")
            .env("FLOWDECK_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("flowdeck serve starts");
        let mut lines = BufReader::new(child.stdout.take().expect("a piped stdout")).lines();
        while let Some(Ok(line)) = lines.next() {
            if let Some(url) = line.strip_prefix("Flowdeck is running at ") {
                // Keep reading, or the server's next line would meet a closed pipe.
                std::thread::spawn(move || lines.for_each(drop));
                return Server { child, url: url.trim().trim_end_matches('/').to_owned() };
            }
        }
        panic!("flowdeck serve ended before it said where it runs: {:?}", child.wait());
    }

    /// SIGKILL: no shutdown, no flush, nothing.
    fn kill(mut self) {
        self.child.kill().expect("the server can be killed");
        self.child.wait().expect("the killed server is reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One acknowledged write: the flow, the name it was given and the revision the server answered.
#[derive(Debug, Clone)]
struct Acknowledged {
    id: String,
    name: String,
    revision: u64,
}

/// Creates and renames flows until the server stops answering; returns what it acknowledged.
async fn write_until_refused(
    url: String,
    api_key: String,
    writer: usize,
    log: Arc<Mutex<Vec<Acknowledged>>>,
) {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let send = |request: reqwest::RequestBuilder| async {
        let response = request.bearer_auth(&api_key).send().await.ok()?;
        if !response.status().is_success() {
            let status = response.status();
            panic!(
                "a write was refused before the kill: {status} {}",
                response.text().await.unwrap_or_default()
            );
        }
        let body: Value = response.json().await.ok()?;
        Some(body["data"].clone())
    };
    for round in 0.. {
        let name = format!("Writer {writer} flow {round}");
        let create = json!({"name": name, "categories": ["OTHER"]});
        let Some(created) = send(http.post(format!("{url}/api/flows")).json(&create)).await else { return };
        let id = created["id"].as_str().unwrap().to_owned();
        let revision = created["revision"].as_u64().unwrap();
        log.lock().unwrap().push(Acknowledged { id: id.clone(), name: name.clone(), revision });

        let renamed = format!("{name}, renamed");
        let update = json!({"name": renamed, "revision": revision});
        let Some(updated) = send(http.put(format!("{url}/api/flows/{id}")).json(&update)).await else {
            return;
        };
        let revision = updated["revision"].as_u64().unwrap();
        log.lock().unwrap().push(Acknowledged { id, name: renamed, revision });
    }
}

async fn no_acknowledged_write_is_lost(storage: Storage) {
    let key =
        flowdeck(&storage, &["apikey", "create", "--name", "load"]).output().expect("flowdeck apikey runs");
    assert!(key.status.success(), "{}", String::from_utf8_lossy(&key.stderr));
    let api_key = String::from_utf8(key.stdout).unwrap().trim().to_owned();

    let server = Server::start(&storage);
    let log = Arc::new(Mutex::new(Vec::new()));
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            tokio::spawn(write_until_refused(server.url.clone(), api_key.clone(), writer, log.clone()))
        })
        .collect();
    tokio::time::sleep(LOAD_BEFORE_KILL).await;
    server.kill();
    for writer in writers {
        writer.await.expect("a writer stops when the server is gone");
    }
    let acknowledged = log.lock().unwrap().clone();
    assert!(acknowledged.len() > 20, "the load wrote too little to prove anything: {}", acknowledged.len());

    let server = Server::start(&storage);
    let http = reqwest::Client::new();
    let mut last: HashMap<&str, &Acknowledged> = HashMap::new();
    for write in &acknowledged {
        last.insert(&write.id, write);
    }
    for write in last.values() {
        let response = http
            .get(format!("{}/api/flows/{}", server.url, write.id))
            .bearer_auth(&api_key)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "the acknowledged flow {} is gone", write.name);
        let stored: Value = response.json().await.unwrap();
        let revision = stored["data"]["revision"].as_u64().unwrap();
        assert!(revision >= write.revision, "{write:?} went back to revision {revision}");
        if revision == write.revision {
            assert_eq!(stored["data"]["name"], write.name.as_str(), "{write:?}");
        }
    }
    eprintln!("{} acknowledged writes to {} flows, all kept", acknowledged.len(), last.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_every_acknowledged_write_through_a_sigkill() {
    let data_dir = tempfile::tempdir().unwrap();
    let static_dir = tempfile::tempdir().unwrap();
    no_acknowledged_write_is_lost(Storage(vec![
        ("FLOWDECK_DATA_DIR", data_dir.path().display().to_string()),
        ("FLOWDECK_STATIC_DIR", static_dir.path().display().to_string()),
    ]))
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_every_acknowledged_write_through_a_sigkill() {
    let Ok(server_url) = std::env::var(POSTGRES_URL_VARIABLE) else {
        eprintln!("{POSTGRES_URL_VARIABLE} is not set: the PostgreSQL case does not run");
        return;
    };
    let database = ScratchPostgres::create(&server_url).await.unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    let static_dir = tempfile::tempdir().unwrap();
    no_acknowledged_write_is_lost(Storage(vec![
        ("FLOWDECK_DATA_DIR", data_dir.path().display().to_string()),
        ("FLOWDECK_STATIC_DIR", static_dir.path().display().to_string()),
        ("FLOWDECK_DATABASE_URL", database.url().expose().to_owned()),
    ]))
    .await;
}
