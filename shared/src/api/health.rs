//! Meta's health status of an account, its phone numbers and its flows on Meta
//! (`GET /api/accounts/{id}/health`, `graph-api.md` §1.3).

use serde::{Deserialize, Serialize};

use super::FlowStatus;

/// Whether Meta lets a flow, a phone number or an account send messages (`graph-api.md` §1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CanSendMessage {
    Available,
    Limited,
    Blocked,
    /// A value Meta added after this version of Flowdeck.
    #[serde(other)]
    Unknown,
}

impl CanSendMessage {
    /// The form people read (`Limited`).
    pub fn label(self) -> &'static str {
        match self {
            CanSendMessage::Available => "Available",
            CanSendMessage::Limited => "Limited",
            CanSendMessage::Blocked => "Blocked",
            CanSendMessage::Unknown => "Unknown",
        }
    }

    /// How bad it is: AVAILABLE, then a value Flowdeck does not know, then LIMITED, then BLOCKED.
    fn severity(self) -> u8 {
        match self {
            CanSendMessage::Available => 0,
            CanSendMessage::Unknown => 1,
            CanSendMessage::Limited => 2,
            CanSendMessage::Blocked => 3,
        }
    }

    /// Whether `self` says less can be sent than `other` does.
    pub fn is_worse_than(self, other: CanSendMessage) -> bool {
        self.severity() > other.severity()
    }

    /// The worst of `values`, as Meta sums up its entities; `None` when there is none.
    pub fn worst(values: impl IntoIterator<Item = CanSendMessage>) -> Option<CanSendMessage> {
        values.into_iter().max_by_key(|value| value.severity())
    }
}

/// One of Meta's reasons why something cannot send, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthError {
    pub error_code: i64,
    /// Meta's description, e.g. `endpoint_uri: You need to set the endpoint URI…`.
    #[serde(default)]
    pub error_description: String,
    /// Meta's advice.
    #[serde(default)]
    pub possible_solution: String,
}

/// One entity of Meta's `health_status`: a FLOW, WABA, BUSINESS, APP or PHONE_NUMBER.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthEntity {
    /// `FLOW`, `WABA`, `BUSINESS`, `APP` or `PHONE_NUMBER` (kept as Meta sends it).
    pub entity_type: String,
    pub id: String,
    pub can_send_message: CanSendMessage,
    #[serde(default)]
    pub errors: Vec<HealthError>,
    #[serde(default)]
    pub additional_info: Vec<String>,
}

/// What Meta said of one flow or phone number, or why it could not be asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthCheck {
    /// `None` when Meta was not asked or did not answer (`check_error` says why when it failed).
    pub can_send_message: Option<CanSendMessage>,
    pub errors: Vec<HealthError>,
    pub additional_info: Vec<String>,
    /// Meta's message when asking failed, such as an unknown phone number.
    pub check_error: Option<String>,
}

impl HealthCheck {
    /// What Meta reported for `entity`.
    pub fn reported(entity: &HealthEntity) -> HealthCheck {
        HealthCheck {
            can_send_message: Some(entity.can_send_message),
            errors: entity.errors.clone(),
            additional_info: entity.additional_info.clone(),
            check_error: None,
        }
    }

    /// Asking Meta failed with `message`.
    pub fn failed(message: String) -> HealthCheck {
        HealthCheck { check_error: Some(message), ..HealthCheck::default() }
    }
}

/// One phone number of an account and its health on Meta.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneNumberHealth {
    pub phone_number_id: String,
    #[serde(flatten)]
    pub health: HealthCheck,
}

/// One flow of an account that exists on Meta, and its health there (the FLOW entity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlowHealth {
    /// Flowdeck's id.
    pub id: String,
    pub meta_flow_id: String,
    pub name: String,
    /// Meta's status when it answered, else the last one Flowdeck knew.
    pub status: FlowStatus,
    #[serde(flatten)]
    pub health: HealthCheck,
}

/// `GET /api/accounts/{id}/health`: Meta's health status of an account, its phone numbers
/// and its flows.
///
/// Meta reports health only on a flow (`health_status`), so an account with no flow on Meta
/// has none: `can_send_message` is then `None` and `unavailable_reason` says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountHealth {
    pub account_id: String,
    pub waba_id: String,
    /// The worst of the entities, phone numbers and flows below (deprecated flows aside: Meta
    /// blocks them for good); `None` when Meta could not be asked.
    pub can_send_message: Option<CanSendMessage>,
    /// Why there is no overall health, such as no flow of the account being on Meta yet.
    pub unavailable_reason: Option<String>,
    /// The account's WABA, its BUSINESS and the APPs connected to its flows, each once.
    pub entities: Vec<HealthEntity>,
    /// One per phone number listed on the account, in its order.
    pub phone_numbers: Vec<PhoneNumberHealth>,
    /// One per flow of the account that has a Meta Flow ID, by name.
    pub flows: Vec<FlowHealth>,
    /// RFC 3339, UTC: when Meta was asked.
    pub checked_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_health_wins_and_unknown_values_rank_below_limited() {
        use CanSendMessage::*;
        assert_eq!(CanSendMessage::worst([Available, Blocked, Limited]), Some(Blocked));
        assert_eq!(CanSendMessage::worst([Available, Unknown]), Some(Unknown));
        assert_eq!(CanSendMessage::worst([Unknown, Limited]), Some(Limited));
        assert_eq!(CanSendMessage::worst([]), None);
        assert!(Limited.is_worse_than(Unknown) && !Limited.is_worse_than(Limited));
        let parsed: CanSendMessage = serde_json::from_str(r#""SOMETHING_NEW""#).unwrap();
        assert_eq!(parsed, Unknown);
    }

    #[test]
    fn a_phone_number_health_is_flat_on_the_wire() {
        let phone = PhoneNumberHealth {
            phone_number_id: "1555".to_owned(),
            health: HealthCheck::failed("no such number".to_owned()),
        };
        let value = serde_json::to_value(&phone).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"phone_number_id": "1555", "can_send_message": null, "errors": [],
                "additional_info": [], "check_error": "no such number"})
        );
        assert_eq!(serde_json::from_value::<PhoneNumberHealth>(value).unwrap(), phone);
    }
}
