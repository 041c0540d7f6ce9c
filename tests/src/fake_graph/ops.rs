//! Writing: create, clone, update, upload, publish, deprecate, delete, migrate and the
//! business public key, each with Meta's status rules (§2) and error codes (§3.2).

use flowdeck_shared::validate::validate;
use flowdeck_shared::version::{FlowVersion, VersionState};
use serde_json::{Value, json};

use super::errors::GraphError;
use super::params::Params;
use super::state::{Flow, FlowStatus, SentMessage, State, WabaSettings, now_unix};

/// Meta's eight categories, plus `SHOPPING` that AWS and Infobip list (§1.8).
pub(crate) const CATEGORIES: [&str; 9] = [
    "SIGN_UP",
    "SIGN_IN",
    "APPOINTMENT_BOOKING",
    "LEAD_GENERATION",
    "CONTACT_US",
    "CUSTOMER_SUPPORT",
    "SURVEY",
    "OTHER",
    "SHOPPING",
];

const PREVIEW_LIFETIME: u64 = 30 * 86_400;

/// A failed publishing check: the 139002 message and how `health_status` words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) message: &'static str,
    pub(crate) user_msg: &'static str,
    pub(crate) health_description: &'static str,
}

/// The publishing checks of §1.6 that `flow` fails, in the order Meta reports them.
///
/// Every flow needs valid, publishable Flow JSON, a phone number and the webhook
/// subscription; flows with an endpoint also need an endpoint URI, a connected app, a
/// signed public key and a healthy endpoint.
pub(crate) fn publish_problems(flow: &Flow, settings: &WabaSettings) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut fail = |message, user_msg, health_description| {
        problems.push(Problem { message, user_msg, health_description });
    };
    if flow.flow_json.is_none() || !flow.validation_errors.is_empty() {
        fail(
            "Publishing Flow with validation errorrs",
            "Fix every validation error of the Flow JSON before publishing.",
            "flow_json: The Flow JSON has validation errors. Fix them before you send or publish the flow.",
        );
    } else if flow
        .json_version
        .as_deref()
        .and_then(FlowVersion::parse)
        .is_none_or(|v| v.state() != VersionState::Active)
    {
        fail(
            "Versions in Flow JSON file are not available for publishing",
            "Move the Flow JSON to a version that is neither frozen nor expired.",
            "flow_json: The Flow JSON version is frozen or expired and cannot be published.",
        );
    }
    if !settings.has_phone_number {
        fail(
            "No Phone Number connected to WhatsApp Business Account",
            "Add a phone number to the WhatsApp Business Account.",
            "phone_number: Add a phone number to the WhatsApp Business Account before you send or publish a flow.",
        );
    }
    if flow.uses_endpoint() {
        if !settings.public_key_signed {
            fail(
                "Missing Flows Signed Public Key",
                "Upload a business public key for the phone number.",
                "public_key: Upload a business public key before you send or publish a flow.",
            );
        }
        if flow.endpoint_uri.is_none() {
            fail(
                "Publishing without specifying endpoint_uri is forbidden",
                "Set the endpoint URI of the flow.",
                "endpoint_uri: You need to set the endpoint URI before you can send or publish a flow.",
            );
        }
        if flow.application_id.is_none() {
            fail(
                "No Application Connected to the Flow",
                "Connect a Meta app to the flow.",
                "app_check: You need to connect a Meta app to the flow before you can send or publish it.",
            );
        }
        if flow.endpoint_uri.is_some() && !settings.endpoint_available {
            fail(
                "Endpoint Not Available",
                "The flow endpoint did not answer the health check.",
                "endpoint_health: The endpoint did not answer the health check.",
            );
        }
    }
    if !settings.subscribed_to_flows_webhook {
        fail(
            "WhatsApp Business Account is not subscribed to Flows Webhooks",
            "Subscribe the app to the flows webhook field of the WhatsApp Business Account.",
            "webhook: Subscribe the WhatsApp Business Account to the flows webhook field.",
        );
    }
    problems
}

/// `POST /{waba}/flows`: create, create with Flow JSON (and `publish`), or clone.
pub(crate) fn create_flow(
    state: &mut State,
    waba_id: &str,
    token: &str,
    params: &Params,
) -> Result<Value, GraphError> {
    let name = required_name(params)?;
    let categories = categories(params)?.ok_or_else(|| GraphError::param_required("categories"))?;
    let flow_json = params.text("flow_json");
    let clone_id = params.text("clone_flow_id").filter(|id| !id.is_empty());
    let clone_sources = usize::from(clone_id.is_some())
        + usize::from(params.has("clone_template"))
        + usize::from(flow_json.is_some() && clone_id.is_some());
    if clone_sources > 1 {
        return Err(GraphError::flow_param(
            "Only one clone source can be set",
            "Send either clone_flow_id or clone_template, not both.",
        ));
    }
    if params.has("clone_template") {
        return Err(GraphError::flow_param(
            "Flow template does not exist",
            "The fake Graph API has no flow templates to clone.",
        ));
    }
    let source = match &clone_id {
        Some(id) => Some(state.flow_for(id, token).cloned().ok_or_else(flow_not_found)?),
        None => None,
    };
    let endpoint_uri = endpoint_uri(params)?;
    let json_version = match (&source, &flow_json) {
        (Some(source), _) => source.json_version.clone(),
        (None, Some(text)) => validate(text).version,
        (None, None) => None,
    };
    if endpoint_uri.is_some() && json_version.as_deref().is_some_and(below_3) {
        return Err(GraphError::flow_param(
            "Specify Endpoint Uri in Flow JSON",
            "Flow JSON below version 3.0 takes its endpoint from data_channel_uri in the Flow JSON.",
        ));
    }
    if state.flows.values().any(|flow| flow.waba_id == waba_id && flow.name == name) {
        return Err(name_not_unique());
    }
    let settings = state.wabas[waba_id].settings.clone();
    if settings.integrity_blocked {
        return Err(GraphError::blocked_by_integrity());
    }
    let now = now_unix();
    let id = state.new_id();
    let created = state.new_seq();
    let mut flow = Flow {
        id: id.clone(),
        waba_id: waba_id.to_owned(),
        name,
        categories,
        status: FlowStatus::Draft,
        flow_json: None,
        validation_errors: Vec::new(),
        json_version: None,
        data_api_version: None,
        endpoint_uri,
        application_id: settings.app.as_ref().map(|app| app.id.clone()),
        editable_after_publish: settings.flows_editable_after_publish,
        was_published: false,
        asset_revision: 0,
        preview_token: preview_token(&id, 0),
        preview_expires_at: now + PREVIEW_LIFETIME,
        updated_at: now,
        created,
    };
    let mut response = json!({ "id": id });
    if let Some(source) = source {
        flow.flow_json = source.flow_json;
        flow.validation_errors = source.validation_errors;
        flow.json_version = source.json_version;
        flow.data_api_version = source.data_api_version;
        flow.asset_revision = u32::from(flow.flow_json.is_some());
        if flow.endpoint_uri.is_none() {
            flow.endpoint_uri = source.endpoint_uri;
        }
    } else if let Some(text) = flow_json {
        apply_flow_json(&mut flow, text);
        response["success"] = json!(flow.validation_errors.is_empty());
        response["validation_errors"] = json!(flow.validation_errors);
    }
    if params.flag("publish") && publish_problems(&flow, &settings).is_empty() {
        flow.status = FlowStatus::Published;
        flow.was_published = true;
    }
    state.flows.insert(id, flow);
    Ok(response)
}

/// `POST /{flow}`: name, categories, endpoint_uri, application_id.
pub(crate) fn update_flow(state: &mut State, flow_id: &str, params: &Params) -> Result<Value, GraphError> {
    let flow = &state.flows[flow_id];
    check_editable(flow)?;
    let name = match params.has("name") {
        true => Some(required_name(params)?),
        false => None,
    };
    if let Some(name) = &name
        && state
            .flows
            .values()
            .any(|other| other.waba_id == flow.waba_id && other.id != flow.id && &other.name == name)
    {
        return Err(name_not_unique());
    }
    let categories = categories(params)?;
    let endpoint = match params.has("endpoint_uri") {
        true => Some(endpoint_uri(params)?),
        false => None,
    };
    if matches!(endpoint, Some(Some(_))) && flow.json_version.as_deref().is_some_and(below_3) {
        return Err(GraphError::flow_op(
            139001,
            "Specify Endpoint Uri in Flow JSON",
            "updating",
            "Flow JSON below version 3.0 takes its endpoint from data_channel_uri in the Flow JSON.",
        ));
    }
    let application_id = params.text("application_id").map(|id| id.trim().to_owned());
    let flow = state.flows.get_mut(flow_id).expect("checked above");
    if let Some(name) = name {
        flow.name = name;
    }
    if let Some(categories) = categories {
        flow.categories = categories;
    }
    if let Some(endpoint) = endpoint {
        flow.endpoint_uri = endpoint;
    }
    if let Some(application_id) = application_id {
        flow.application_id = Some(application_id).filter(|id| !id.is_empty());
    }
    touch_after_edit(flow);
    Ok(json!({ "success": true }))
}

/// `POST /{flow}/assets`: the Flow JSON upload, validated and saved even when invalid.
pub(crate) fn upload_asset(state: &mut State, flow_id: &str, params: &Params) -> Result<Value, GraphError> {
    let name = params.text("name").ok_or_else(|| GraphError::param_required("name"))?;
    if name != "flow.json" {
        return Err(GraphError::invalid_param(format!("Param name must be \"flow.json\" - got \"{name}\"")));
    }
    let asset_type = params.text("asset_type").ok_or_else(|| GraphError::param_required("asset_type"))?;
    if asset_type != "FLOW_JSON" {
        return Err(GraphError::invalid_param(format!(
            "Param asset_type must be one of {{FLOW_JSON}} - got \"{asset_type}\""
        )));
    }
    let file = params.file("file").ok_or_else(|| GraphError::param_required("file"))?;
    let flow = state.flows.get_mut(flow_id).expect("the caller checked the flow");
    check_editable(flow)?;
    apply_flow_json(flow, String::from_utf8_lossy(&file).into_owned());
    touch_after_edit(flow);
    Ok(json!({ "success": true, "validation_errors": flow.validation_errors }))
}

/// `POST /{flow}/publish`.
pub(crate) fn publish(state: &mut State, flow_id: &str) -> Result<Value, GraphError> {
    let flow = &state.flows[flow_id];
    let settings = &state.wabas[&flow.waba_id].settings;
    if flow.status != FlowStatus::Draft {
        return Err(GraphError::flow_op(
            139002,
            "Publishing Flow in invalid state",
            "publishing",
            "Only a flow in DRAFT can be published.",
        ));
    }
    if settings.integrity_blocked {
        return Err(GraphError::blocked_by_integrity());
    }
    if let Some(problem) = publish_problems(flow, settings).first() {
        return Err(GraphError::flow_op(139002, problem.message, "publishing", problem.user_msg));
    }
    let flow = state.flows.get_mut(flow_id).expect("checked above");
    flow.status = FlowStatus::Published;
    flow.was_published = true;
    flow.updated_at = now_unix();
    Ok(json!({ "success": true }))
}

/// `POST /{flow}/deprecate`: only live published flows; DEPRECATED is final.
pub(crate) fn deprecate(state: &mut State, flow_id: &str) -> Result<Value, GraphError> {
    let flow = state.flows.get_mut(flow_id).expect("the caller checked the flow");
    match flow.status {
        FlowStatus::Draft => Err(GraphError::flow_op(
            139003,
            "Can't deprecate unpublished flow",
            "deprecating",
            "Only a published flow can be deprecated.",
        )),
        FlowStatus::Deprecated => Err(GraphError::flow_op(
            139003,
            "Flow is already deprecated",
            "deprecating",
            "The flow is already deprecated.",
        )),
        _ => {
            flow.status = FlowStatus::Deprecated;
            flow.updated_at = now_unix();
            Ok(json!({ "success": true }))
        }
    }
}

/// `DELETE /{flow}`: only a draft that was never published.
pub(crate) fn delete(state: &mut State, flow_id: &str) -> Result<Value, GraphError> {
    let flow = &state.flows[flow_id];
    if flow.status != FlowStatus::Draft || flow.was_published {
        return Err(GraphError::flow_op(
            139004,
            "Can't delete published Flow",
            "deleting",
            "Only a draft that was never published can be deleted. Deprecate the flow instead.",
        ));
    }
    state.flows.remove(flow_id);
    Ok(json!({ "success": true }))
}

/// `POST /{dest}/migrate_flows`: copies flows between WABAs of the same business.
pub(crate) fn migrate(
    state: &mut State,
    dest_id: &str,
    token: &str,
    params: &Params,
) -> Result<Value, GraphError> {
    let source_id =
        params.text("source_waba_id").ok_or_else(|| GraphError::param_required("source_waba_id"))?;
    let same_business = state.waba_for(&source_id, token).is_some_and(|source| {
        source.settings.business_id == state.wabas[dest_id].settings.business_id || source.token == token
    });
    if !same_business {
        return Err(GraphError::invalid_param(
            "Param source_waba_id must be a WhatsApp Business Account of the same business",
        ));
    }
    let names = match params.list("source_flow_names")? {
        Some(names) if names.len() > 100 => {
            return Err(GraphError::invalid_param("Param source_flow_names must have at most 100 elements"));
        }
        Some(names) => names,
        None => state.flows_of(&source_id).iter().rev().map(|flow| flow.name.clone()).collect(),
    };
    let (mut migrated, mut failed) = (Vec::new(), Vec::new());
    for name in names {
        let source =
            state.flows.values().find(|flow| flow.waba_id == source_id && flow.name == name).cloned();
        let Some(source) = source else {
            failed.push(json!({ "source_name": name, "error_code": "4233041",
                "error_message": "Flows Migration Error: Flow name not found in source WABA." }));
            continue;
        };
        if state.flows.values().any(|flow| flow.waba_id == dest_id && flow.name == name) {
            failed.push(json!({ "source_name": name, "error_code": "4233041",
                "error_message": "Flows Migration Error: Flow with the same name exists in destination WABA." }));
            continue;
        }
        let id = state.new_id();
        let created = state.new_seq();
        let now = now_unix();
        let published = source.status == FlowStatus::Published;
        let copy = Flow {
            id: id.clone(),
            waba_id: dest_id.to_owned(),
            status: if published { FlowStatus::Published } else { FlowStatus::Draft },
            was_published: published,
            preview_token: preview_token(&id, 0),
            preview_expires_at: now + PREVIEW_LIFETIME,
            updated_at: now,
            created,
            ..source.clone()
        };
        state.flows.insert(id.clone(), copy);
        migrated.push(json!({ "source_name": name, "source_id": source.id, "migrated_id": id }));
    }
    Ok(json!({ "migrated_flows": migrated, "failed_flows": failed }))
}

/// `POST /{phone}/whatsapp_business_encryption`: a 2048-bit RSA public key in PEM.
pub(crate) fn set_public_key(
    state: &mut State,
    waba_id: &str,
    phone_id: &str,
    params: &Params,
) -> Result<Value, GraphError> {
    let key = params
        .text("business_public_key")
        .ok_or_else(|| GraphError::param_required("business_public_key"))?;
    if !is_rsa_2048_pem(&key) {
        return Err(GraphError::invalid_param(
            "Param business_public_key must be a valid 2048-bit RSA public key in PEM format",
        ));
    }
    let waba = state.wabas.get_mut(waba_id).expect("the caller checked the WABA");
    waba.phones.insert(phone_id.to_owned(), Some(key));
    waba.mismatched_keys.remove(phone_id);
    Ok(json!({ "success": true }))
}

/// `POST /{phone}/messages` with an interactive flow message: checked, kept, answered with a wamid.
pub(crate) fn send_message(
    state: &mut State,
    waba_id: &str,
    phone_id: &str,
    params: &Params,
) -> Result<Value, GraphError> {
    if params.text("messaging_product").as_deref() != Some("whatsapp") {
        return Err(GraphError::param_required("messaging_product"));
    }
    let to = params
        .text("to")
        .filter(|to| !to.trim().is_empty())
        .ok_or_else(|| GraphError::param_required("to"))?;
    if params.text("type").as_deref() != Some("interactive") {
        return Err(GraphError::invalid_param(
            "The fake sends only interactive flow messages (type interactive)",
        ));
    }
    let interactive = params.json("interactive").ok_or_else(|| GraphError::param_required("interactive"))?;
    if interactive["type"] != "flow" || interactive["action"]["name"] != "flow" {
        return Err(GraphError::invalid_param("interactive.type and interactive.action.name must be flow"));
    }
    if interactive["body"]["text"].as_str().is_none_or(str::is_empty) {
        return Err(GraphError::param_required("interactive.body.text"));
    }
    let parameters = &interactive["action"]["parameters"];
    if parameters["flow_message_version"] != "3" {
        return Err(GraphError::invalid_param("flow_message_version must be \"3\""));
    }
    let flow_id = match (parameters["flow_id"].as_str(), parameters["flow_name"].as_str()) {
        (Some(id), None) => id.to_owned(),
        (None, Some(name)) => {
            let flow = state.flows.values().find(|flow| flow.waba_id == waba_id && flow.name == name);
            flow.map(|flow| flow.id.clone())
                .ok_or_else(|| GraphError::invalid_param(format!("No flow is named {name}")))?
        }
        _ => return Err(GraphError::invalid_param("Exactly one of flow_id and flow_name must be set")),
    };
    let flow = state
        .flows
        .get(&flow_id)
        .filter(|flow| flow.waba_id == waba_id)
        .ok_or_else(|| GraphError::invalid_param(format!("Flow {flow_id} does not exist")))?;
    let cta = parameters["flow_cta"].as_str().unwrap_or_default();
    if cta.is_empty() || cta.chars().count() > 30 {
        return Err(GraphError::invalid_param("flow_cta must be 1 to 30 characters"));
    }
    let mode = parameters["mode"].as_str().unwrap_or("published");
    match mode {
        "draft" => {}
        "published" if flow.status == FlowStatus::Published => {}
        "published" => {
            return Err(GraphError::invalid_param("The flow is not published; send it in draft mode"));
        }
        other => return Err(GraphError::invalid_param(format!("mode {other:?} is not draft or published"))),
    }
    let data = &parameters["flow_action_payload"]["data"];
    if !data.is_null() && data.as_object().is_none_or(serde_json::Map::is_empty) {
        return Err(GraphError::invalid_param("flow_action_payload.data must be a non-empty object"));
    }
    let message_id = format!("wamid.FAKE{}", state.new_id());
    let mut message =
        json!({"messaging_product": "whatsapp", "to": to, "type": "interactive", "interactive": interactive});
    if let Some(recipient) = params.text("recipient_type") {
        message["recipient_type"] = json!(recipient);
    }
    state.sent_messages.push(SentMessage {
        phone_number_id: phone_id.to_owned(),
        message,
        message_id: message_id.clone(),
    });
    Ok(
        json!({"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}], "messages": [{"id": message_id}]}),
    )
}

/// Rotates the preview link (`preview.invalidate(true)`).
pub(crate) fn invalidate_preview(flow: &mut Flow) {
    let old = std::mem::take(&mut flow.preview_token);
    while flow.preview_token.is_empty() || flow.preview_token == old {
        flow.preview_token = preview_token(&flow.id, now_unix());
    }
    flow.preview_expires_at = now_unix() + PREVIEW_LIFETIME;
}

/// A random-looking token (`RandomState` is freshly keyed on every call).
fn preview_token(flow_id: &str, salt: u64) -> String {
    use std::hash::{BuildHasher, RandomState};
    format!("{:016x}", RandomState::new().hash_one((flow_id, salt)))
}

fn apply_flow_json(flow: &mut Flow, text: String) {
    let report = validate(&text);
    flow.validation_errors = report.errors;
    flow.json_version = report.version;
    flow.data_api_version = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|root| root.get("data_api_version").and_then(Value::as_str).map(str::to_owned));
    flow.flow_json = Some(text);
    flow.asset_revision += 1;
}

/// Edits are refused on DEPRECATED flows and on legacy flows once published (139001).
fn check_editable(flow: &Flow) -> Result<(), GraphError> {
    if flow.status == FlowStatus::Deprecated || (flow.status.is_live() && !flow.editable_after_publish) {
        return Err(GraphError::flow_op(
            139001,
            "Flow can't be updated",
            "updating",
            "This flow can no longer be edited. Clone it to make changes.",
        ));
    }
    Ok(())
}

/// After an edit a published (or throttled/blocked) flow is a DRAFT again (§2).
fn touch_after_edit(flow: &mut Flow) {
    if flow.status.is_live() {
        flow.status = FlowStatus::Draft;
    }
    flow.updated_at = now_unix();
}

fn required_name(params: &Params) -> Result<String, GraphError> {
    let name = params.text("name").map(|name| name.trim().to_owned()).unwrap_or_default();
    if name.is_empty() {
        return Err(GraphError::param_required("name"));
    }
    Ok(name)
}

fn categories(params: &Params) -> Result<Option<Vec<String>>, GraphError> {
    let Some(categories) = params.list("categories")? else { return Ok(None) };
    if categories.is_empty() {
        return Err(GraphError::invalid_param("Param categories must be a non-empty array"));
    }
    for (index, category) in categories.iter().enumerate() {
        if !CATEGORIES.contains(&category.as_str()) {
            return Err(GraphError::invalid_param(format!(
                "Param categories[{index}] must be one of {{{}}} - got \"{category}\"",
                CATEGORIES.join(", ")
            )));
        }
    }
    Ok(Some(categories))
}

/// `endpoint_uri`: `None` when absent or empty, else an http(s) URL with a host.
fn endpoint_uri(params: &Params) -> Result<Option<String>, GraphError> {
    let Some(uri) = params.text("endpoint_uri").map(|uri| uri.trim().to_owned()) else { return Ok(None) };
    if uri.is_empty() {
        return Ok(None);
    }
    let rest = uri.strip_prefix("https://").or_else(|| uri.strip_prefix("http://"));
    let host = rest.map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    if host.is_none_or(str::is_empty) || uri.chars().any(char::is_whitespace) {
        return Err(GraphError::flow_param("Invalid Endpoint URI", "The endpoint URI must be a valid URL."));
    }
    Ok(Some(uri))
}

fn below_3(version: &str) -> bool {
    version.split('.').next().and_then(|major| major.parse::<u32>().ok()).is_some_and(|major| major < 3)
}

fn flow_not_found() -> GraphError {
    GraphError::flow_param(
        "Flow with specified ID does not exist",
        "Check the flow ID and that the token can access it.",
    )
}

fn name_not_unique() -> GraphError {
    GraphError::flow_param(
        "Flow name is not unique",
        "A flow with this name already exists in this WhatsApp Business Account.",
    )
}

/// A PEM `PUBLIC KEY` whose DER is the 294-byte SubjectPublicKeyInfo of a 2048-bit RSA key.
fn is_rsa_2048_pem(pem: &str) -> bool {
    let Some(body) = pem
        .trim()
        .strip_prefix("-----BEGIN PUBLIC KEY-----")
        .and_then(|rest| rest.strip_suffix("-----END PUBLIC KEY-----"))
    else {
        return false;
    };
    let text: Vec<u8> = body.bytes().filter(|byte| !byte.is_ascii_whitespace()).collect();
    let value = |byte: u8| match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let data: Vec<u8> = text.iter().copied().take_while(|byte| *byte != b'=').collect();
    let Some(sextets) = data.iter().map(|byte| value(*byte)).collect::<Option<Vec<u8>>>() else {
        return false;
    };
    let der_len = sextets.len() * 6 / 8;
    // The RSA OID 1.2.840.113549.1.1.1 sits at a fixed place in the SubjectPublicKeyInfo.
    der_len == 294 && data.starts_with(b"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA")
}
