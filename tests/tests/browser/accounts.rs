//! Account settings: adding an account, and its write-only secrets.

use flowdeck_tests::browser;

#[tokio::test(flavor = "multi_thread")]
async fn an_account_is_added_and_its_secrets_only_ever_show_as_set() {
    browser::run("accounts", async |session| {
        session.sign_in_at("/accounts").await?;
        session.find("accounts-empty").await?;
        session.find("add-account").await?.click().await?;

        session.find("account-name").await?.send_keys("Acme Bookings").await?;
        session.find("account-waba").await?.send_keys("104996122399160").await?;
        session.find("account-phones").await?.send_keys("1555000111, 1555000222").await?;
        session.find("account-token").await?.send_keys("EAAG-super-secret-token").await?;
        session.screenshot("account_new").await?;
        session.find("account-save").await?.click().await?;

        let row = session.wait_for_text("account-row", "Acme Bookings").await?;
        assert!(row.contains("104996122399160") && row.contains("1555000111, 1555000222"), "{row}");
        assert!(row.contains("Set") && row.contains("Not set"), "token set, app secret not: {row}");
        session.screenshot("accounts_list").await?;
        let html = session.client.source().await?;
        assert!(!html.contains("EAAG-super-secret-token"), "the token never comes back to the browser");

        session.client.find(fantoccini::Locator::LinkText("Acme Bookings")).await?.click().await?;
        let token = session.find("account-token").await?;
        assert_eq!(token.prop("value").await?.as_deref(), Some(""));
        assert_eq!(token.attr("placeholder").await?.as_deref(), Some("Set: leave empty to keep it"));
        session.screenshot("account_edit").await?;
        Ok(())
    })
    .await;
}
