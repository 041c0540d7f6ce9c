//! Signing in and out of the dashboard.

use flowdeck_tests::browser;

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_is_explained_and_the_right_one_opens_the_deep_link() {
    browser::run("sign_in", async |session| {
        session.open("/flows?page=1").await?;
        session.find("login-form").await?;
        session.screenshot("sign_in_page").await?;

        session.find("login-username").await?.send_keys("admin").await?;
        session.find("login-password").await?.send_keys("not-the-password").await?;
        session.find("login-submit").await?.click().await?;
        session.wait_for_text("login-error", "the username or the password is wrong").await?;
        session.screenshot("sign_in_refused").await?;

        session.sign_in_at("/flows?page=1").await?;
        session.find("empty-state").await?;
        assert_eq!(session.current_path().await?, "/flows", "signing in keeps the address");

        session.find("sign-out").await?.click().await?;
        session.find("login-form").await?;
        session.open("/flows").await?;
        session.find("login-form").await.map(drop)
    })
    .await;
}
