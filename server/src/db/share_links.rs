//! The `share_links` table: read-only links to one flow, which can be revoked and may expire.

use flowdeck_shared::api::{ShareLink, SharedFlow};

use crate::db::Database;

/// The columns of a [`ShareLink`], in its field order.
macro_rules! link_columns {
    () => {
        "id, flow_id, token, created_by, created_at, revoked_at, expires_at"
    };
}

type LinkRow = (String, String, String, String, String, Option<String>, Option<String>);

fn link_from_row((id, flow_id, token, created_by, created_at, revoked_at, expires_at): LinkRow) -> ShareLink {
    ShareLink { id, flow_id, token, created_by, created_at, revoked_at, expires_at }
}

impl Database {
    /// Stores a new, unrevoked link.
    pub async fn insert_share_link(&self, link: &ShareLink) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO share_links (id, flow_id, token, created_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&link.id)
        .bind(&link.flow_id)
        .bind(&link.token)
        .bind(&link.created_by)
        .bind(&link.created_at)
        .bind(&link.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A flow's links, revoked ones too, newest first.
    pub async fn list_share_links(&self, flow_id: &str) -> Result<Vec<ShareLink>, sqlx::Error> {
        let rows: Vec<LinkRow> = sqlx::query_as(concat!(
            "SELECT ",
            link_columns!(),
            " FROM share_links WHERE flow_id = $1 ORDER BY created_at DESC, id"
        ))
        .bind(flow_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(link_from_row).collect())
    }

    /// Revokes one of a flow's links (a link already revoked keeps its first `revoked_at`) and
    /// returns it; `None` when the flow has no such link.
    pub async fn revoke_share_link(
        &self,
        flow_id: &str,
        id: &str,
        now: &str,
    ) -> Result<Option<ShareLink>, sqlx::Error> {
        sqlx::query(
            "UPDATE share_links SET revoked_at = $1 WHERE flow_id = $2 AND id = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(flow_id)
        .bind(id)
        .execute(&self.pool)
        .await?;
        let row: Option<LinkRow> = sqlx::query_as(concat!(
            "SELECT ",
            link_columns!(),
            " FROM share_links WHERE flow_id = $1 AND id = $2"
        ))
        .bind(flow_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(link_from_row))
    }

    /// The flow a valid token shows at `now` (RFC 3339, as the clock writes it): not revoked,
    /// not expired; `None` for any other token.
    pub async fn shared_flow(&self, token: &str, now: &str) -> Result<Option<SharedFlow>, sqlx::Error> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT flows.name, flows.json_definition FROM share_links JOIN flows ON flows.id = share_links.flow_id \
             WHERE share_links.token = $1 AND share_links.revoked_at IS NULL \
             AND (share_links.expires_at IS NULL OR share_links.expires_at > $2)",
        )
        .bind(token)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(name, json_text)| SharedFlow { name, json_text }))
    }
}

#[cfg(test)]
mod tests {
    use crate::db::flows::NewFlow;
    use crate::db::testing::on_every_backend;

    use super::*;

    fn link(id: &str, flow_id: &str, token: &str, created_at: &str) -> ShareLink {
        ShareLink {
            id: id.to_owned(),
            flow_id: flow_id.to_owned(),
            token: token.to_owned(),
            created_by: "maria".to_owned(),
            created_at: created_at.to_owned(),
            revoked_at: None,
            expires_at: None,
        }
    }

    /// The time the tests read links at.
    const NOW: &str = "2026-06-01T00:00:00Z";

    async fn insert_flow(db: &Database, id: &str, name: &str) {
        let flow = NewFlow {
            id,
            account_id: None,
            name,
            categories: &[],
            json_text: "{\"version\": \"7.3\"}",
            first_screen: None,
            now: "2026-01-01T00:00:00Z",
        };
        db.insert_flow(&flow).await.unwrap();
    }

    #[tokio::test]
    async fn a_link_shows_its_flow_until_it_is_revoked() {
        on_every_backend(async |db| {
            insert_flow(db, "f1", "Booking").await;
            insert_flow(db, "f2", "Survey").await;
            db.insert_share_link(&link("l1", "f1", "token-1", "2026-01-02T00:00:00Z")).await.unwrap();
            db.insert_share_link(&link("l2", "f1", "token-2", "2026-01-03T00:00:00Z")).await.unwrap();
            db.insert_share_link(&link("l3", "f2", "token-3", "2026-01-04T00:00:00Z")).await.unwrap();

            let shown = db.shared_flow("token-1", NOW).await.unwrap().unwrap();
            assert_eq!(
                shown,
                SharedFlow { name: "Booking".to_owned(), json_text: "{\"version\": \"7.3\"}".to_owned() }
            );
            assert_eq!(db.shared_flow("token-3", NOW).await.unwrap().unwrap().name, "Survey");
            assert_eq!(db.shared_flow("no-such-token", NOW).await.unwrap(), None);

            let ids: Vec<_> = db.list_share_links("f1").await.unwrap().into_iter().map(|it| it.id).collect();
            assert_eq!(ids, ["l2", "l1"], "the flow's own links, newest first");

            let revoked = db.revoke_share_link("f1", "l1", "2026-02-01T00:00:00Z").await.unwrap().unwrap();
            assert_eq!(revoked.revoked_at.as_deref(), Some("2026-02-01T00:00:00Z"));
            assert_eq!(db.shared_flow("token-1", NOW).await.unwrap(), None);
            assert!(db.shared_flow("token-2", NOW).await.unwrap().is_some(), "other links stay valid");

            let again = db.revoke_share_link("f1", "l1", "2026-03-01T00:00:00Z").await.unwrap().unwrap();
            assert_eq!(
                again.revoked_at.as_deref(),
                Some("2026-02-01T00:00:00Z"),
                "the first revocation stays"
            );
            assert_eq!(db.revoke_share_link("f2", "l1", "2026-03-01T00:00:00Z").await.unwrap(), None);
            assert_eq!(db.revoke_share_link("f1", "nope", "2026-03-01T00:00:00Z").await.unwrap(), None);
        })
        .await;
    }

    #[tokio::test]
    async fn a_link_with_an_expiry_shows_its_flow_until_then() {
        on_every_backend(async |db| {
            insert_flow(db, "f1", "Booking").await;
            let expiring = ShareLink {
                expires_at: Some("2026-06-01T00:00:01Z".to_owned()),
                ..link("l1", "f1", "token-1", "2026-01-02T00:00:00Z")
            };
            db.insert_share_link(&expiring).await.unwrap();

            assert!(db.shared_flow("token-1", NOW).await.unwrap().is_some(), "a second before");
            assert_eq!(db.shared_flow("token-1", "2026-06-01T00:00:01Z").await.unwrap(), None, "at the time");
            assert_eq!(db.shared_flow("token-1", "2027-01-01T00:00:00Z").await.unwrap(), None, "after");
            assert_eq!(
                db.list_share_links("f1").await.unwrap(),
                vec![expiring],
                "the expiry is kept and listed"
            );
        })
        .await;
    }

    #[tokio::test]
    async fn deleting_a_flow_deletes_its_links() {
        on_every_backend(async |db| {
            insert_flow(db, "f1", "Booking").await;
            db.insert_share_link(&link("l1", "f1", "token-1", "2026-01-02T00:00:00Z")).await.unwrap();
            assert!(db.delete_flow("f1").await.unwrap());
            assert_eq!(db.shared_flow("token-1", NOW).await.unwrap(), None);
            assert!(db.list_share_links("f1").await.unwrap().is_empty());
        })
        .await;
    }
}
