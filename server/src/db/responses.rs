//! The `flow_tokens` and `flow_responses` tables: the tokens Flowdeck issued for a flow, and the
//! completed flows (`nfm_reply` messages) the webhook received, filed under the flow whose token
//! they carry. A message is stored once however often Meta delivers it.

use flowdeck_shared::api::{FlowCompletion, FlowToken, Page, PageRequest};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::Database;

/// A completion to store, as the webhook read it.
#[derive(Debug, Clone)]
pub struct NewResponse<'a> {
    pub id: &'a str,
    pub message_id: &'a str,
    /// The account whose webhook delivered it.
    pub account_id: Option<&'a str>,
    pub flow_token: Option<&'a str>,
    pub wa_id: &'a str,
    pub contact_name: Option<&'a str>,
    pub received_at: &'a str,
    pub response_json: &'a str,
}

/// Which responses of a flow a list shows: received at or after `from`, before `until`
/// (RFC 3339 texts, compared as text, which orders them when they share a format), from a
/// contact whose WhatsApp number or name contains `contact` (any case).
#[derive(Debug, Clone, Default)]
pub struct ResponseWindow {
    pub from: Option<String>,
    pub until: Option<String>,
    pub contact: Option<String>,
}

impl ResponseWindow {
    /// `contact` as a `LIKE … ESCAPE '\'` pattern: lower case, its own `%` and `_` taken literally.
    fn contact_pattern(&self) -> Option<String> {
        self.contact.as_deref().map(|contact| {
            let mut pattern = String::from("%");
            for char in contact.to_lowercase().chars() {
                if matches!(char, '%' | '_' | '\\') {
                    pattern.push('\\');
                }
                pattern.push(char);
            }
            pattern.push('%');
            pattern
        })
    }
}

/// The columns a `FlowCompletion` is read from.
macro_rules! completion_columns {
    () => {
        "SELECT id, message_id, received_at, wa_id, contact_name, flow_token, response_json FROM flow_responses WHERE "
    };
}

/// The responses of flow `$1` received at or after `$2` and before `$3`, from a contact whose
/// number or lower-cased name matches the pattern `$4` (each `NULL` for no bound).
macro_rules! in_window {
    () => {
        "flow_id = $1 AND ($2 IS NULL OR received_at >= $2) AND ($3 IS NULL OR received_at < $3) \
         AND ($4 IS NULL OR wa_id LIKE $4 ESCAPE '\\' OR LOWER(COALESCE(contact_name, '')) LIKE $4 ESCAPE '\\')"
    };
}

impl Database {
    pub async fn insert_flow_token(&self, token: &FlowToken) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO flow_tokens (token, flow_id, created_at) VALUES ($1, $2, $3)")
            .bind(&token.token)
            .bind(&token.flow_id)
            .bind(&token.created_at)
            .execute(&self.pool)
            .await
            .map(drop)
    }

    /// Stores a completion, filed under the flow its token was issued for (if any); `false` when
    /// the message was stored before (a redelivery).
    pub async fn insert_response(&self, response: &NewResponse<'_>) -> Result<bool, sqlx::Error> {
        let inserted = sqlx::query(
            "INSERT INTO flow_responses
                 (id, message_id, flow_id, account_id, flow_token, wa_id, contact_name, received_at, response_json)
             VALUES ($1, $2, (SELECT flow_id FROM flow_tokens WHERE token = $3), $4, $3, $5, $6, $7, $8)
             ON CONFLICT (message_id) DO NOTHING",
        )
        .bind(response.id)
        .bind(response.message_id)
        .bind(response.flow_token)
        .bind(response.account_id)
        .bind(response.wa_id)
        .bind(response.contact_name)
        .bind(response.received_at)
        .bind(response.response_json)
        .execute(&self.pool)
        .await?;
        Ok(inserted.rows_affected() == 1)
    }

    /// One page of a flow's responses, newest first.
    pub async fn list_responses(
        &self,
        flow_id: &str,
        window: &ResponseWindow,
        paging: PageRequest,
    ) -> Result<Page<FlowCompletion>, sqlx::Error> {
        let total = self.count_responses(flow_id, window).await?;
        let rows = sqlx::query(concat!(
            completion_columns!(),
            in_window!(),
            " ORDER BY received_at DESC, id LIMIT $5 OFFSET $6"
        ))
        .bind(flow_id)
        .bind(window.from.as_deref())
        .bind(window.until.as_deref())
        .bind(window.contact_pattern())
        .bind(i64::from(paging.limit))
        .bind(i64::try_from(paging.offset()).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        let items = rows.iter().map(response_from_row).collect::<Result<Vec<_>, _>>()?;
        Ok(Page { items, total, page: paging.page, limit: paging.limit })
    }

    /// How many responses of a flow are in the window.
    pub async fn count_responses(&self, flow_id: &str, window: &ResponseWindow) -> Result<u64, sqlx::Error> {
        let total: i64 =
            sqlx::query_scalar(concat!("SELECT COUNT(*) FROM flow_responses WHERE ", in_window!()))
                .bind(flow_id)
                .bind(window.from.as_deref())
                .bind(window.until.as_deref())
                .bind(window.contact_pattern())
                .fetch_one(&self.pool)
                .await?;
        Ok(u64::try_from(total).unwrap_or(0))
    }

    /// Every response of a flow in the window, oldest first, for an export or the charts (at most
    /// `limit`).
    pub async fn all_responses(
        &self,
        flow_id: &str,
        window: &ResponseWindow,
        limit: u32,
    ) -> Result<Vec<FlowCompletion>, sqlx::Error> {
        let rows =
            sqlx::query(concat!(completion_columns!(), in_window!(), " ORDER BY received_at, id LIMIT $5"))
                .bind(flow_id)
                .bind(window.from.as_deref())
                .bind(window.until.as_deref())
                .bind(window.contact_pattern())
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(response_from_row).collect()
    }
}

fn response_from_row(row: &AnyRow) -> Result<FlowCompletion, sqlx::Error> {
    let text: String = row.try_get("response_json")?;
    let answers =
        serde_json::from_str(&text).map_err(|_| super::flows::corrupt_column("response_json", &text))?;
    Ok(FlowCompletion {
        id: row.try_get("id")?,
        message_id: row.try_get("message_id")?,
        received_at: row.try_get("received_at")?,
        wa_id: row.try_get("wa_id")?,
        contact_name: row.try_get("contact_name")?,
        flow_token: row.try_get("flow_token")?,
        answers,
    })
}

#[cfg(test)]
mod tests {
    use flowdeck_shared::api::{FlowToken, PageRequest};

    use super::{NewResponse, ResponseWindow};
    use crate::db::Database;
    use crate::db::testing::{insert_flow_without_account, on_every_backend};

    /// Flow `f` with the token `fdk_1`.
    async fn flow_with_token(db: &Database) {
        insert_flow_without_account(db, "f").await;
        let token = FlowToken {
            token: "fdk_1".into(),
            flow_id: "f".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
        };
        db.insert_flow_token(&token).await.unwrap();
    }

    #[tokio::test]
    async fn completions_are_filed_by_token_stored_once_and_kept_when_their_flow_goes() {
        on_every_backend(async |db| {
            flow_with_token(db).await;
            let completion = |id: &'static str, token: Option<&'static str>, at: &'static str| NewResponse {
                id,
                message_id: id,
                account_id: None,
                flow_token: token,
                wa_id: "1555",
                contact_name: Some("Ana"),
                received_at: at,
                response_json: r#"{"a": 1}"#,
            };

            assert!(
                db.insert_response(&completion("m1", Some("fdk_1"), "2026-01-02T00:00:00Z")).await.unwrap()
            );
            assert!(
                !db.insert_response(&completion("m1", Some("fdk_1"), "2026-01-02T00:00:00Z")).await.unwrap()
            );
            assert!(
                db.insert_response(&completion("m2", Some("fdk_1"), "2026-01-03T00:00:00Z")).await.unwrap()
            );
            assert!(
                db.insert_response(&completion("m3", Some("unknown"), "2026-01-03T00:00:00Z")).await.unwrap()
            );
            assert!(db.insert_response(&completion("m4", None, "2026-01-04T00:00:00Z")).await.unwrap());

            let all =
                db.list_responses("f", &ResponseWindow::default(), PageRequest::default()).await.unwrap();
            let ids: Vec<&str> = all.items.iter().map(|item| item.message_id.as_str()).collect();
            assert_eq!(ids, ["m2", "m1"], "only the flow's token's, newest first");
            assert_eq!(all.items[0].answers, serde_json::json!({"a": 1}));
            let window =
                ResponseWindow { from: Some("2026-01-03T00:00:00Z".into()), ..ResponseWindow::default() };
            assert_eq!(db.list_responses("f", &window, PageRequest::default()).await.unwrap().total, 1);
            let exported = db.all_responses("f", &ResponseWindow::default(), 10).await.unwrap();
            let ids: Vec<&str> = exported.iter().map(|item| item.message_id.as_str()).collect();
            assert_eq!(ids, ["m1", "m2"], "an export runs oldest first");

            assert!(db.delete_flow("f").await.unwrap());
            let kept: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM flow_responses").fetch_one(&db.pool).await.unwrap();
            assert_eq!(kept, 4, "a deleted flow's completions are kept, under no flow");
        })
        .await;
    }

    #[tokio::test]
    async fn responses_are_found_by_part_of_the_contacts_number_or_name_in_any_case() {
        on_every_backend(async |db| {
            flow_with_token(db).await;
            let contacts = [
                ("m1", "15551234567", Some("Ana Lima")),
                ("m2", "447700900123", Some("Bo 100%")),
                ("m3", "4912345", None),
            ];
            for (id, wa_id, contact_name) in contacts {
                let completion = NewResponse {
                    id,
                    message_id: id,
                    account_id: None,
                    flow_token: Some("fdk_1"),
                    wa_id,
                    contact_name,
                    received_at: "2026-01-02T00:00:00Z",
                    response_json: "{}",
                };
                db.insert_response(&completion).await.unwrap();
            }
            let found = async |contact: &str| {
                let window =
                    ResponseWindow { contact: Some(contact.to_owned()), ..ResponseWindow::default() };
                let page = db.list_responses("f", &window, PageRequest::default()).await.unwrap();
                let mut ids: Vec<String> = page.items.into_iter().map(|item| item.message_id).collect();
                assert_eq!(page.total, ids.len() as u64, "the count agrees with the rows");
                ids.sort();
                ids
            };
            assert_eq!(found("5551234").await, ["m1"], "part of the number");
            assert_eq!(found("ana").await, ["m1"], "the name, in any case");
            assert_eq!(found("44").await, ["m2"]);
            assert_eq!(found("100%").await, ["m2"]);
            assert_eq!(found("5%7").await, Vec::<String>::new(), "a % is a percent sign, not a wildcard");
            assert_eq!(found("1_").await, Vec::<String>::new(), "an _ is an underscore");
            assert_eq!(found("").await, ["m1", "m2", "m3"]);
            let window = ResponseWindow { contact: Some("ana".into()), ..ResponseWindow::default() };
            assert_eq!(db.all_responses("f", &window, 10).await.unwrap().len(), 1);
        })
        .await;
    }
}
