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

#[tokio::test(flavor = "multi_thread")]
async fn flows_are_searched_filtered_by_account_and_paged() {
    browser::run("flows_filters", async |session| {
        let account = session
            .api_post("/api/accounts", &serde_json::json!({"name": "Acme", "waba_id": "1049961"}))
            .await?;
        let account_id = account["id"].as_str().unwrap().to_owned();
        for n in 1..=22 {
            let (name, account) = if n % 2 == 0 {
                (format!("Survey {n:02}"), Some(&account_id))
            } else {
                (format!("Booking {n:02}"), None)
            };
            let body = serde_json::json!({"name": name, "categories": ["SURVEY"], "account_id": account});
            session.api_post("/api/flows", &body).await?;
        }

        session.sign_in_at("/flows").await?;
        session.wait_for_text("pager", "Page 1 of 2 · 22 flows").await?;
        session.screenshot("flows_list").await?;

        session.find("flow-search").await?.send_keys("survey").await?;
        let mut table = String::new();
        for _ in 0..50 {
            table = session.find("flow-table").await?.text().await?;
            if !table.contains("Booking") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(!table.contains("Booking") && table.contains("Survey 22"), "{table}");
        assert!(table.contains("Acme") && table.contains("Not on Meta"), "{table}");
        assert!(session.client.current_url().await?.query().unwrap_or_default().contains("search=survey"));

        session.open("/flows?search=nothing-like-this").await?;
        session.find("no-match").await?;

        session.open("/flows?page=2").await?;
        session.wait_for_text("pager", "Page 2 of 2").await?;
        assert_eq!(
            session.client.find_all(fantoccini::Locator::Css("[data-testid=flow-row]")).await?.len(),
            2
        );
        Ok(())
    })
    .await;
}
