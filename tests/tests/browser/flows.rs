//! The flows list page.

use flowdeck_tests::browser;

#[tokio::test(flavor = "multi_thread")]
async fn the_flows_page_shows_the_empty_state_of_a_new_server() {
    browser::run("flows_empty_state", async |session| {
        session.sign_in_at("/").await?;

        let empty_state = session.wait_for_text("empty-state", "No flows yet").await?;
        assert!(empty_state.contains("WhatsApp Business Account"), "{empty_state}");
        assert_eq!(session.current_path().await?, "/flows", "/ should lead to the flows list");
        session.wait_for_text("server-status", "Server online").await?;
        session.screenshot("flows_empty_state").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deep_link_opens_the_app_at_that_page() {
    browser::run("deep_link", async |session| {
        session.sign_in_at("/flows?page=2").await?;
        session.wait_for_text("empty-state", "No flows yet").await?;
        assert_eq!(session.current_path().await?, "/flows");

        session.open("/settings/unknown/page").await?;
        let not_found = session.wait_for_text("not-found", "Page not found").await?;
        assert!(not_found.contains("/settings/unknown/page"), "{not_found}");

        session.client.find(fantoccini::Locator::LinkText("Go to flows")).await?.click().await?;
        session.find("empty-state").await?;
        assert_eq!(session.current_path().await?, "/flows");
        Ok(())
    })
    .await;
}
