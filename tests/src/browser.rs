//! Browser tests: chromedriver plus headless Chromium, driven with fantoccini.
//!
//! [`run`] owns every process of one test. chromedriver starts in a process
//! group of its own, and Chromium inherits it, so one `killpg` on drop ends
//! them all, even when the test panics. A failing test leaves
//! `target/browser-screenshots/<test>.png` and `<test>.html` behind. [`run_with_meta`] also starts
//! a fake Graph API that the server calls as Meta.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use tempfile::TempDir;

use crate::TestServer;
use crate::fake_graph::FakeGraph;

/// How long to wait for something to appear on the page.
const WAIT: Duration = Duration::from_secs(15);

/// One browser test's view of the world: the server under test and a browser.
#[derive(Debug)]
pub struct Session {
    pub server: TestServer,
    pub client: Client,
    /// The fake Graph API the server calls as Meta ([`run_with_meta`] only).
    pub graph: Option<FakeGraph>,
}

impl Session {
    /// Opens `path` on the test server.
    pub async fn open(&self, path: &str) -> anyhow::Result<()> {
        self.client.goto(&self.server.url(path)).await.with_context(|| format!("cannot open {path}"))
    }

    /// Opens `path`, which shows the sign-in page, and signs in as `admin` through it.
    pub async fn sign_in_at(&self, path: &str) -> anyhow::Result<()> {
        self.open(path).await?;
        self.find("login-username").await?.send_keys("admin").await?;
        self.find("login-password").await?.send_keys(TestServer::ADMIN_PASSWORD).await?;
        self.find("login-submit").await?.click().await?;
        self.wait_for_text("signed-in", "admin").await.context("signing in did not open the app")?;
        Ok(())
    }

    /// `POST path` with `body` to the API with the tests' API key; the answer's `data`.
    pub async fn api_post(&self, path: &str, body: &serde_json::Value) -> anyhow::Result<serde_json::Value> {
        let response = self.server.authorized_client().post(self.server.url(path)).json(body).send().await?;
        let status = response.status();
        let answer: serde_json::Value = response.json().await?;
        anyhow::ensure!(status.is_success(), "POST {path} answered {status}: {answer}");
        Ok(answer["data"].clone())
    }

    /// Waits for an element with `data-testid="{test_id}"`.
    pub async fn find(&self, test_id: &str) -> anyhow::Result<Element> {
        let selector = format!("[data-testid=\"{test_id}\"]");
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&selector))
            .await
            .with_context(|| format!("no element {selector} appeared within {WAIT:?}"))
    }

    /// Waits until the element `test_id` contains `text`, and returns its whole text.
    pub async fn wait_for_text(&self, test_id: &str, text: &str) -> anyhow::Result<String> {
        let what = format!("does not show {text:?} but");
        self.wait_for(test_id, &what, async |element| element.text().await, |current| current.contains(text))
            .await
    }

    /// Waits until the form control `test_id` has the value `value`.
    pub async fn wait_for_value(&self, test_id: &str, value: &str) -> anyhow::Result<()> {
        let read = async |element: Element| Ok(element.prop("value").await?.unwrap_or_default());
        let what = format!("does not have the value {value:?} but");
        self.wait_for(test_id, &what, read, |current| current == value).await.map(drop)
    }

    /// Reads the element `test_id` until `accept` takes what `read` finds; fails after [`WAIT`].
    async fn wait_for(
        &self,
        test_id: &str,
        what: &str,
        read: impl AsyncFn(Element) -> Result<String, fantoccini::error::CmdError>,
        accept: impl Fn(&str) -> bool,
    ) -> anyhow::Result<String> {
        let started = Instant::now();
        loop {
            let current = read(self.find(test_id).await?).await?;
            if accept(&current) {
                return Ok(current);
            }
            if started.elapsed() > WAIT {
                bail!("[data-testid=\"{test_id}\"] {what} {current:?} after {WAIT:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The path part of the current URL.
    pub async fn current_path(&self) -> anyhow::Result<String> {
        Ok(self.client.current_url().await?.path().to_owned())
    }

    /// Runs axe-core's WCAG 2.1 A and AA rules on the page as it is and fails on any violation,
    /// naming each rule, its impact and the first elements it found.
    pub async fn check_accessibility(&self, page: &str) -> anyhow::Result<()> {
        let loaded = self.client.execute("return typeof axe !== 'undefined'", Vec::new()).await?;
        if loaded != serde_json::Value::Bool(true) {
            self.client.execute(&axe_source()?, Vec::new()).await?;
        }
        let violations = self.client.execute_async(AXE_RUN, Vec::new()).await?;
        let violations = violations.as_array().with_context(|| format!("axe did not run: {violations}"))?;
        if violations.is_empty() {
            return Ok(());
        }
        let listed: Vec<String> = violations
            .iter()
            .map(|violation| {
                format!(
                    "- {} ({}): {} at {}",
                    violation["id"].as_str().unwrap_or("?"),
                    violation["impact"].as_str().unwrap_or("?"),
                    violation["help"].as_str().unwrap_or("?"),
                    violation["nodes"]
                )
            })
            .collect();
        bail!("{page} has {} accessibility violation(s):\n{}", violations.len(), listed.join("\n"))
    }

    /// Saves a PNG of the viewport under `target/browser-screenshots/`.
    pub async fn screenshot(&self, name: &str) -> anyhow::Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }
}

/// Runs axe on the document and hands back its violations, each with up to five elements.
const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
    .then((result) => done(result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }))))
    .catch((error) => done(String(error)));
"#;

/// axe-core, pinned in `tools/package.json` and installed by `npm ci --prefix tools`.
fn axe_source() -> anyhow::Result<String> {
    let path = crate::workspace_root().join("tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {} (run `npm ci --prefix tools`)", path.display()))
}

/// Which colour scheme the browser asks pages for (`prefers-color-scheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorScheme {
    Light,
    Dark,
}

/// Runs one browser test against a fresh server serving the built dashboard.
///
/// `name` names the failure screenshot. The test fails (by panicking, as tests
/// do) when `test` returns an error or panics.
pub async fn run(name: &str, test: impl AsyncFnOnce(&Session) -> anyhow::Result<()>) {
    let server = TestServer::with_dashboard().await;
    run_session(name, server, None, ColorScheme::Light, test).await;
}

/// Like [`run`], with the server calling a fresh [`FakeGraph`] as Meta (in `session.graph`).
pub async fn run_with_meta(name: &str, test: impl AsyncFnOnce(&Session) -> anyhow::Result<()>) {
    run_with_meta_in(ColorScheme::Light, name, test).await;
}

/// Like [`run_with_meta`], with the browser preferring `scheme`.
pub async fn run_with_meta_in(
    scheme: ColorScheme,
    name: &str,
    test: impl AsyncFnOnce(&Session) -> anyhow::Result<()>,
) {
    let graph = FakeGraph::start().await;
    let base_url = graph.base_url().to_owned();
    let server =
        TestServer::start_with(&crate::built_dashboard(), move |settings| settings.meta_base_url = base_url)
            .await;
    run_session(name, server, Some(graph), scheme, test).await;
}

async fn run_session(
    name: &str,
    server: TestServer,
    graph: Option<FakeGraph>,
    scheme: ColorScheme,
    test: impl AsyncFnOnce(&Session) -> anyhow::Result<()>,
) {
    let browser =
        Browser::launch(scheme).await.unwrap_or_else(|error| panic!("cannot start the browser: {error:#}"));
    let session = Session { server, client: browser.client.clone(), graph };

    let outcome = AssertUnwindSafe(test(&session)).catch_unwind().await;
    let failure = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(error)) => Some(format!("{error:#}")),
        Err(panic) => Some(panic_message(&*panic)),
    };
    if let Some(failure) = &failure {
        let saved = save_failure_evidence(&session, name).await;
        eprintln!("browser test {name} failed: {failure}\n{saved}");
    }
    browser.close().await;
    if let Some(failure) = failure {
        panic!("{failure}");
    }
}

async fn save_failure_evidence(session: &Session, name: &str) -> String {
    let screenshot = match session.screenshot(name).await {
        Ok(path) => format!("screenshot: {}", path.display()),
        Err(error) => format!("no screenshot: {error:#}"),
    };
    let html_path = screenshot_dir().join(format!("{name}.html"));
    let html = match session.client.source().await {
        Ok(html) if std::fs::write(&html_path, &html).is_ok() => {
            format!("page source: {}", html_path.display())
        }
        _ => "no page source".to_owned(),
    };
    format!("{screenshot}\n{html}")
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(text), _) => (*text).to_owned(),
        (_, Some(text)) => text.clone(),
        _ => "the test panicked".to_owned(),
    }
}

fn screenshot_dir() -> PathBuf {
    let dir = crate::target_dir().join("browser-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// chromedriver, the Chromium it drives and the directory of their files: the profile, and the
/// temporary files Chromium leaves behind when it is killed (removed with the directory).
struct Browser {
    client: Client,
    driver: DriverProcess,
    _files: TempDir,
}

impl Browser {
    async fn launch(scheme: ColorScheme) -> anyhow::Result<Browser> {
        let chromedriver = find_program("CHROMEDRIVER", "chromedriver")?;
        let chromium = find_program("CHROMIUM_BIN", "chromium")?;
        let files = tempfile::tempdir()?;
        let (profile, temporary) = (files.path().join("profile"), files.path().join("tmp"));
        std::fs::create_dir_all(&temporary)?;
        let port = free_port()?;
        let driver = DriverProcess::spawn(&chromedriver, port, &temporary)?;
        let client = connect(port, &chromium, &profile, scheme).await?;
        Ok(Browser { client, driver, _files: files })
    }

    async fn close(self) {
        // Ending the session lets Chromium exit cleanly; the process group kill
        // in `DriverProcess::drop` catches whatever is left.
        let _ = tokio::time::timeout(Duration::from_secs(5), self.client.close()).await;
        drop(self.driver);
    }
}

async fn connect(port: u16, chromium: &Path, profile: &Path, scheme: ColorScheme) -> anyhow::Result<Client> {
    let mut args = vec![
        "--headless".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--disable-quic".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--window-size=1280,800".to_owned(),
        format!("--user-data-dir={}", profile.display()),
    ];
    if scheme == ColorScheme::Dark {
        // Blink's preferred colour scheme: 0 is dark.
        args.push("--blink-settings=preferredColorScheme=0".to_owned());
    }
    let capabilities = serde_json::json!({
        "goog:chromeOptions": { "binary": chromium, "args": args }
    });
    let serde_json::Value::Object(capabilities) = capabilities else { unreachable!("a JSON object literal") };
    let started = Instant::now();
    loop {
        let attempt = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match attempt {
            Ok(client) => return Ok(client),
            Err(error) if started.elapsed() > Duration::from_secs(20) => {
                return Err(error).context("chromedriver did not accept a session within 20 s");
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// A chromedriver child in its own process group, killed with its children on drop.
struct DriverProcess {
    child: Child,
}

impl DriverProcess {
    /// Starts chromedriver with `temporary` as the `TMPDIR` of it and its Chromium.
    fn spawn(program: &Path, port: u16, temporary: &Path) -> anyhow::Result<DriverProcess> {
        let child = Command::new(program)
            .env("TMPDIR", temporary)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .with_context(|| format!("cannot start {}", program.display()))?;
        Ok(DriverProcess { child })
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        if let Ok(pid) = i32::try_from(self.child.id()) {
            let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The program named by `env_var`, or `name` on `PATH`.
fn find_program(env_var: &str, name: &str) -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os(env_var) {
        return Ok(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file()).with_context(
        || {
            format!(
                "{name} is not on PATH. Install Debian's `chromium` and `chromium-driver` packages \
                 (`cargo xtask test` does it when run as root), or set {env_var}"
            )
        },
    )
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}
