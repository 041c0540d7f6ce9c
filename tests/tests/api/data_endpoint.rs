//! The data endpoint: business keys (`/api/accounts/{id}/encryption-keys`) against the fake Graph
//! API, and the endpoint tester (`/api/flows/{id}/endpoint-test`, `/endpoint-log`) against the
//! example endpoint, answering rightly and in every wrong way it must diagnose.

use std::time::Duration;

use flowdeck_server::endpoint::crypto::{fingerprint, generate_key_pair, public_key_of};
use flowdeck_tests::example_endpoint::{ExampleEndpoint, Misbehaviour};
use reqwest::Method;
use rsa::pkcs1::EncodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::support::{MetaSetup, WABA};
use crate::webhooks::APP_SECRET;

const PHONE: &str = "106540352242922";
const BOOKING: &str = include_str!("../../../shared/src/templates/appointment-booking-endpoint.json");

/// A server whose account has [`PHONE`] and the app secret, the tester waiting `timeout_ms`.
async fn setup(timeout_ms: u64) -> MetaSetup {
    let setup = MetaSetup::with(|settings| settings.endpoint_timeout_ms = timeout_ms).await;
    setup.graph.add_phone_number(WABA, PHONE);
    let path = format!("/api/accounts/{}", setup.account_id);
    let changes = json!({"phone_number_ids": [PHONE], "app_secret": APP_SECRET});
    let (status, _, body) = setup.app.send_json(Method::PUT, &path, &changes, None).await;
    assert_eq!(status, 200, "{body}");
    setup
}

fn keys_path(setup: &MetaSetup) -> String {
    format!("/api/accounts/{}/encryption-keys", setup.account_id)
}

async fn generate(setup: &MetaSetup) -> Value {
    let (status, _, body) =
        setup.app.send_json(Method::POST, &format!("{}/{PHONE}", keys_path(setup)), &json!({}), None).await;
    assert_eq!(status, 200, "{body}");
    body["data"].clone()
}

async fn private_key(setup: &MetaSetup) -> String {
    let url = setup.app.server.url(&format!("{}/{PHONE}/private-key", keys_path(setup)));
    let response = setup.app.http.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.text().await.unwrap()
}

async fn keys(setup: &MetaSetup) -> Value {
    let (status, body) = setup.app.get_json(&keys_path(setup)).await;
    assert_eq!(status, 200, "{body}");
    body["data"][0].clone()
}

#[tokio::test]
async fn keys_are_generated_uploaded_checked_against_meta_and_rotated() {
    let setup = setup(10_000).await;
    let before = keys(&setup).await;
    assert_eq!((before["phone_number_id"].as_str(), before["meta"].as_str()), (Some(PHONE), Some("missing")));
    assert!(before["key"].is_null(), "{before}");

    let first = generate(&setup).await;
    assert_eq!(first["meta"], "valid", "{first}");
    assert_eq!(first["meta_signature_status"], "VALID");
    let public = first["key"]["public_key"].as_str().unwrap();
    assert_eq!(setup.graph.public_key(PHONE).as_deref(), Some(public), "the public key reached Meta");
    assert_eq!(first["key"]["fingerprint"], fingerprint(public).unwrap().as_str());
    assert!(first["key"]["uploaded_at"].is_string());
    assert!(!first.to_string().contains("PRIVATE"), "no private key in the API's JSON");

    let pem = private_key(&setup).await;
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "{pem}");
    assert_eq!(public_key_of(&pem).unwrap(), public, "the download is the pair of the uploaded key");

    setup.graph.mismatch_public_key(PHONE);
    assert_eq!(keys(&setup).await["meta"], "signature_mismatch");
    let (status, _, again) = setup
        .app
        .send_json(Method::POST, &format!("{}/{PHONE}/upload", keys_path(&setup)), &json!({}), None)
        .await;
    assert_eq!((status.as_u16(), again["data"]["meta"].as_str()), (200, Some("valid")), "{again}");

    let rotated = generate(&setup).await;
    assert_ne!(rotated["key"]["fingerprint"], first["key"]["fingerprint"]);
    assert_eq!(setup.graph.public_key(PHONE).as_deref(), rotated["key"]["public_key"].as_str());
    assert_ne!(private_key(&setup).await, pem, "the rotation replaced the private key");

    // A key uploaded elsewhere (WhatsApp Manager, another tool) is not Flowdeck's.
    let elsewhere = generate_key_pair().unwrap();
    let (graph, token) = setup.meta_directly();
    graph.upload_business_public_key(&token, PHONE, &elsewhere.public_pem).await.unwrap();
    let other = keys(&setup).await;
    assert_eq!(other["meta"], "other_key", "{other}");
    assert_eq!(other["meta_fingerprint"], fingerprint(&elsewhere.public_pem).unwrap().as_str());
}

#[tokio::test]
async fn keys_of_unknown_numbers_and_missing_keys_are_refused() {
    let setup = setup(10_000).await;
    let path = format!("{}/999/upload", keys_path(&setup));
    assert_eq!(setup.app.send_json(Method::POST, &path, &json!({}), None).await.0, 404);
    let path = format!("{}/{PHONE}/upload", keys_path(&setup));
    let (status, _, body) = setup.app.send_json(Method::POST, &path, &json!({}), None).await;
    assert_eq!(status, 409, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("generate one first"), "{body}");
    let (status, body) = setup.app.get_json(&format!("{}/{PHONE}/private-key", keys_path(&setup))).await;
    assert_eq!(status, 409, "{body}");
}

/// A booking flow of the account with a key pair, and the example endpoint holding its private
/// key and the app secret.
async fn booking(setup: &MetaSetup) -> (String, ExampleEndpoint) {
    let flow = setup.create_flow(Some(BOOKING)).await;
    generate(setup).await;
    let endpoint = ExampleEndpoint::start(&private_key(setup).await, Some(APP_SECRET)).await;
    (flow, endpoint)
}

async fn test(setup: &MetaSetup, flow: &str, request: Value) -> (u16, Value) {
    let path = format!("/api/flows/{flow}/endpoint-test");
    let (status, _, body) = setup.app.send_json(Method::POST, &path, &request, None).await;
    (status.as_u16(), body["data"].clone())
}

fn codes(exchange: &Value) -> Vec<&str> {
    let findings = exchange["findings"].as_array().unwrap();
    findings
        .iter()
        .map(|finding| finding["code"].as_str().unwrap())
        .filter(|code| *code != "not_https")
        .collect()
}

#[tokio::test]
async fn the_tester_walks_the_booking_flow_through_the_example_endpoint_decrypting_both_ways() {
    let setup = setup(10_000).await;
    let (flow, endpoint) = booking(&setup).await;
    let uri = endpoint.url();

    let (status, ping) = test(&setup, &flow, json!({"action": "ping", "endpoint_uri": uri})).await;
    assert_eq!(status, 200, "{ping}");
    assert_eq!(ping["request"], json!({"version": "3.0", "action": "ping"}));
    assert_eq!(
        (ping["http_status"].as_u64(), &ping["response"]),
        (Some(200), &json!({"data": {"status": "active"}}))
    );
    assert_eq!(ping["findings"][0]["code"], "not_https", "plain http is only a warning: {ping}");

    // Later requests go to the last endpoint tested.
    let (_, init) = test(&setup, &flow, json!({"action": "INIT", "flow_token": "ft-1"})).await;
    assert_eq!(codes(&init), Vec::<&str>::new(), "{init}");
    assert_eq!(init["response"]["screen"], "APPOINTMENT");
    let date = json!({"trigger": "date_selected", "service": "consultation", "date": "2030-01-07"});
    let (_, slots) = test(
        &setup,
        &flow,
        json!({"action": "data_exchange", "screen": "APPOINTMENT", "data": date, "flow_token": "ft-1"}),
    )
    .await;
    assert_eq!(codes(&slots), Vec::<&str>::new(), "{slots}");
    assert_eq!(slots["response"]["data"]["slots"][2]["id"], "15:00");
    let details = json!({"service": "consultation", "date": "2030-01-07", "time": "09:00", "name": "Ada", "phone": "+44 20"});
    let (_, summary) = test(
        &setup,
        &flow,
        json!({"action": "data_exchange", "screen": "DETAILS", "data": details.clone(), "flow_token": "ft-1"}),
    )
    .await;
    assert_eq!(summary["response"]["screen"], "SUMMARY", "{summary}");
    let (_, done) = test(
        &setup,
        &flow,
        json!({"action": "data_exchange", "screen": "SUMMARY", "data": details, "flow_token": "ft-1"}),
    )
    .await;
    assert_eq!(codes(&done), Vec::<&str>::new(), "{done}");
    assert_eq!(done["response"]["data"]["extension_message_response"]["params"]["flow_token"], "ft-1");

    // What the endpoint decrypted is what the log shows, newest first.
    let received = endpoint.requests();
    let (status, log) = setup.app.get_json(&format!("/api/flows/{flow}/endpoint-log")).await;
    assert_eq!(status, 200);
    let logged: Vec<Value> =
        log["data"].as_array().unwrap().iter().rev().map(|exchange| exchange["request"].clone()).collect();
    assert_eq!(logged, received);
    assert_eq!(received[1], json!({"version": "3.0", "action": "INIT", "flow_token": "ft-1"}));

    let (status, _) =
        setup.app.request_json(Method::DELETE, &format!("/api/flows/{flow}/endpoint-log")).await;
    assert_eq!(status, 200);
    assert_eq!(setup.app.get_json(&format!("/api/flows/{flow}/endpoint-log")).await.1["data"], json!([]));
}

#[tokio::test]
async fn every_way_an_endpoint_fails_gets_its_own_diagnosis() {
    let setup = setup(1_500).await;
    let (flow, endpoint) = booking(&setup).await;
    let uri = endpoint.url().to_owned();
    let date = json!({"trigger": "date_selected", "service": "consultation", "date": "2030-01-07"});
    let exchange =
        json!({"action": "data_exchange", "screen": "APPOINTMENT", "data": date, "endpoint_uri": uri});
    let cases = [
        (Misbehaviour::Status(427), "flow_token_invalid"),
        (Misbehaviour::Status(500), "unexpected_status"),
        (Misbehaviour::Delay(Duration::from_millis(2_000)), "timeout"),
        (Misbehaviour::PlainJson, "plaintext_response"),
        (Misbehaviour::NotBase64, "not_base64"),
        (Misbehaviour::UnflippedIv, "unflipped_iv"),
        (Misbehaviour::OtherAesKey, "wrong_key"),
        (Misbehaviour::NotJson, "not_json"),
        (Misbehaviour::WrongScreen, "invalid_screen_transition"),
        (Misbehaviour::WrongData, "payload_schema_error"),
    ];
    for (misbehaviour, code) in cases {
        endpoint.misbehave(misbehaviour.clone());
        let (status, answer) = test(&setup, &flow, exchange.clone()).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(codes(&answer).first().copied(), Some(code), "{misbehaviour:?}: {answer:#}");
        assert_eq!(answer["findings"][0]["level"], "error");
    }
    endpoint.misbehave(Misbehaviour::Status(427));
    let (_, gone) = test(&setup, &flow, exchange.clone()).await;
    assert!(
        gone["findings"][0]["message"].as_str().unwrap().contains("This booking was already made"),
        "{gone}"
    );

    endpoint.misbehave(Misbehaviour::Delay(Duration::from_millis(1_100)));
    let (_, slow) = test(&setup, &flow, exchange.clone()).await;
    assert_eq!(codes(&slow), vec!["slow"], "a slow answer still works: {slow}");

    // An endpoint holding another private key cannot decrypt (421); one with another app secret
    // refuses the signature (432); a closed port never answers.
    let stranger = generate_key_pair().unwrap();
    let wrong_key =
        ExampleEndpoint::start(secrecy::ExposeSecret::expose_secret(&stranger.private_pem), None).await;
    let wrong_secret = ExampleEndpoint::start(&private_key(&setup).await, Some("another app's secret")).await;
    let closed =
        format!("http://{}/flow", std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap());
    for (uri, code) in [
        (wrong_key.url(), "cannot_decrypt"),
        (wrong_secret.url(), "signature_rejected"),
        (&closed, "no_response"),
    ] {
        let mut request = exchange.clone();
        request["endpoint_uri"] = json!(uri);
        let (_, answer) = test(&setup, &flow, request).await;
        assert_eq!(codes(&answer).first().copied(), Some(code), "{answer:#}");
    }
    assert!(wrong_key.requests().is_empty() && wrong_secret.requests().is_empty());
}

#[tokio::test]
async fn requests_the_tester_cannot_send_are_refused_with_the_reason() {
    let setup = setup(10_000).await;
    let flow = setup.create_flow(Some(BOOKING)).await;
    let cases = [
        (json!({"action": "jump"}), 400, "action must be one of"),
        (json!({"action": "data_exchange"}), 400, "needs the screen"),
        (
            // No key pair in Flowdeck, and Meta holds none for the number either.
            json!({"action": "ping", "endpoint_uri": "http://127.0.0.1:9/"}),
            409,
            "Meta holds none for it",
        ),
    ];
    for (request, expected, message) in cases {
        let path = format!("/api/flows/{flow}/endpoint-test");
        let (status, _, body) = setup.app.send_json(Method::POST, &path, &request, None).await;
        assert_eq!(status.as_u16(), expected, "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains(message), "{body}");
    }
    generate(&setup).await;
    let (status, _, body) = setup
        .app
        .send_json(
            Method::POST,
            &format!("/api/flows/{flow}/endpoint-test"),
            &json!({"action": "ping"}),
            None,
        )
        .await;
    assert_eq!(status, 400, "no endpoint_uri and none tested before: {body}");
    let (_, not_a_url) =
        test(&setup, &flow, json!({"action": "ping", "endpoint_uri": "ftp://example"})).await;
    assert_eq!(codes(&not_a_url), vec!["bad_uri"]);
    for metadata in [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://[fe80::1]/",
        "http://100.100.100.200/",
    ] {
        let (status, refused) =
            test(&setup, &flow, json!({"action": "ping", "endpoint_uri": metadata})).await;
        assert_eq!(status, 200, "{refused}");
        assert_eq!(codes(&refused), vec!["metadata_address"], "{metadata}: {refused}");
        assert_eq!(refused["http_status"], Value::Null, "nothing was sent");
    }
}

#[tokio::test]
async fn an_endpoint_set_up_outside_flowdeck_is_tested_with_the_key_meta_holds_or_one_given() {
    let setup = setup(10_000).await;
    let flow = setup.create_flow(Some(BOOKING)).await;
    // The team made its own pair (as Meta's guide does with openssl) and uploaded it to Meta itself.
    let own = generate_key_pair().unwrap();
    let (graph, token) = setup.meta_directly();
    graph.upload_business_public_key(&token, PHONE, &own.public_pem).await.unwrap();
    let endpoint = ExampleEndpoint::start(own.private_pem.expose_secret(), Some(APP_SECRET)).await;

    let (status, ping) = test(&setup, &flow, json!({"action": "ping", "endpoint_uri": endpoint.url()})).await;
    assert_eq!(status, 200, "{ping}");
    assert_eq!(codes(&ping), Vec::<&str>::new(), "{ping}");
    assert_eq!(ping["key_source"], "meta");
    assert_eq!(ping["key_fingerprint"], fingerprint(&own.public_pem).unwrap().as_str());
    assert_eq!(endpoint.requests().len(), 1, "the endpoint decrypted it with its own private key");
    assert_eq!(keys(&setup).await["key"], Value::Null, "Flowdeck generated nothing and keeps nothing");

    // Without Meta's copy, the endpoint's public key can be given, in either PEM spelling.
    let another = generate_key_pair().unwrap();
    let pkcs1 = rsa::RsaPublicKey::from_public_key_pem(&another.public_pem)
        .unwrap()
        .to_pkcs1_pem(rsa::pkcs1::LineEnding::LF)
        .unwrap();
    let elsewhere = ExampleEndpoint::start(another.private_pem.expose_secret(), Some(APP_SECRET)).await;
    let given = json!({"action": "INIT", "endpoint_uri": elsewhere.url(), "public_key": pkcs1});
    let (status, init) = test(&setup, &flow, given).await;
    assert_eq!(status, 200, "{init}");
    assert_eq!(codes(&init), Vec::<&str>::new(), "{init}");
    assert_eq!(
        (init["key_source"].as_str(), init["response"]["screen"].as_str()),
        (Some("given"), Some("APPOINTMENT"))
    );

    let path = format!("/api/flows/{flow}/endpoint-test");
    let cases = [
        (json!({"action": "ping", "public_key": "ssh-rsa AAAA"}), 400, "public_key cannot be used"),
        (json!({"action": "ping", "phone_number_id": "999"}), 400, "no phone number 999"),
    ];
    for (request, expected, message) in cases {
        let (status, _, body) = setup.app.send_json(Method::POST, &path, &request, None).await;
        assert_eq!(status.as_u16(), expected, "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains(message), "{body}");
    }

    // Without an access token Meta cannot be asked: the answer says so, and what to do instead.
    let account = format!("/api/accounts/{}", setup.account_id);
    let (status, _, body) =
        setup.app.send_json(Method::PUT, &account, &json!({"access_token": ""}), None).await;
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = setup.app.send_json(Method::POST, &path, &json!({"action": "ping"}), None).await;
    assert_eq!(status, 409, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("no access token to ask Meta") && message.contains("give the endpoint's public key"),
        "{message}"
    );
}

#[tokio::test]
async fn a_rotation_is_staged_tested_with_the_endpoint_then_uploaded_without_downtime() {
    let setup = setup(10_000).await;
    let (flow, old_endpoint) = booking(&setup).await;
    let old = keys(&setup).await["key"]["fingerprint"].as_str().unwrap().to_owned();

    let path = format!("{}/{PHONE}?upload=false", keys_path(&setup));
    let (status, _, staged) = setup.app.send_json(Method::POST, &path, &json!({}), None).await;
    assert_eq!(status, 200, "{staged}");
    let new = staged["data"]["key"]["fingerprint"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert_eq!(staged["data"]["key"]["uploaded_at"], Value::Null, "{staged}");
    assert_eq!(
        (staged["data"]["meta"].as_str(), staged["data"]["meta_fingerprint"].as_str()),
        (Some("other_key"), Some(old.as_str())),
        "WhatsApp still encrypts with the old key: {staged}"
    );
    assert_eq!(setup.graph.public_key(PHONE).map(|pem| fingerprint(&pem).unwrap()), Some(old.clone()));

    // The endpoint gets the new private key; the tester already encrypts with it.
    let new_endpoint = ExampleEndpoint::start(&private_key(&setup).await, Some(APP_SECRET)).await;
    let (_, ping) = test(&setup, &flow, json!({"action": "ping", "endpoint_uri": new_endpoint.url()})).await;
    assert_eq!((codes(&ping), ping["key_fingerprint"].as_str()), (vec![], Some(new.as_str())), "{ping}");
    assert_eq!(ping["key_source"], "flowdeck_not_on_meta", "the log says WhatsApp does not use it yet");
    let (_, stale) = test(&setup, &flow, json!({"action": "ping", "endpoint_uri": old_endpoint.url()})).await;
    assert_eq!(codes(&stale), vec!["cannot_decrypt"], "an endpoint with only the old key: {stale}");

    let path = format!("{}/{PHONE}/upload", keys_path(&setup));
    let (status, _, uploaded) = setup.app.send_json(Method::POST, &path, &json!({}), None).await;
    assert_eq!(status, 200, "{uploaded}");
    assert_eq!(uploaded["data"]["meta"], "valid", "{uploaded}");
    let (_, live) = test(&setup, &flow, json!({"action": "ping", "endpoint_uri": new_endpoint.url()})).await;
    assert_eq!(live["key_source"], "flowdeck");
    assert_eq!(setup.graph.public_key(PHONE).map(|pem| fingerprint(&pem).unwrap()), Some(new));
}
