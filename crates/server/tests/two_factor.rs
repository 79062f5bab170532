//! Two-factor sign-in (AUTH-8) over real HTTP, on SQLite or PostgreSQL: turning it on with a code from
//! the app, signing in with the password and then a code (each accepted once) or a recovery code (used
//! up), wrong codes refused, tries limited, turning it off with a code.

mod common;

use common::TestServer;
use reqwest::StatusCode;
use serde_json::{Value, json};
use totp_rs::{Algorithm, Secret, TOTP};

/// What the user's authenticator app shows at `seconds` from now.
fn app_code(secret: &str, seconds: i64) -> String {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().expect("base32");
    let totp = TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, None, String::new()).expect("totp");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();
    totp.generate(now.saturating_add_signed(seconds))
}

/// A six-digit code that is none of the three the server accepts now.
fn wrong_code(secret: &str) -> String {
    let right = [-30, 0, 30].map(|s| app_code(secret, s));
    (0..).map(|n| format!("{:06}", 123_456 + n)).find(|c| !right.contains(c)).expect("a wrong code")
}

async fn login(server: &TestServer, code: Option<&str>) -> (StatusCode, String) {
    let mut body = json!({"login": "anna", "password": "password123"});
    if let Some(code) = code {
        body["code"] = json!(code);
    }
    let reply = server.post("/api/auth/login", body, None).await;
    (reply.status, reply.code().to_owned())
}

#[tokio::test]
async fn two_factor_sign_in_takes_each_code_once_and_each_recovery_code_once() {
    let server = TestServer::start().await;
    let (_, token) = server.register("anna").await;
    let token = Some(token.as_str());
    assert_eq!(server.get("/api/auth/2fa", token).await.body, json!({"enabled": false}));
    let early = server.post("/api/auth/2fa/enable", json!({"code": "123456"}), token).await;
    assert_eq!((early.status, early.code()), (StatusCode::CONFLICT, "two_factor_not_started"));

    let setup = server.post("/api/auth/2fa/setup", json!({}), token).await;
    assert_eq!(setup.status, StatusCode::OK, "{:?}", setup.body);
    let secret = setup.body["secret"].as_str().expect("secret").to_owned();
    assert!(setup.body["otpauthUrl"].as_str().expect("url").starts_with("otpauth://totp/WOXLY:anna?secret="));
    assert!(setup.body["qrCode"].as_str().expect("qr").starts_with("data:image/png;base64,iVBOR"), "a PNG");

    let wrong = server.post("/api/auth/2fa/enable", json!({"code": wrong_code(&secret)}), token).await;
    assert_eq!((wrong.status, wrong.code()), (StatusCode::BAD_REQUEST, "invalid_code"));
    assert_eq!(login(&server, None).await.0, StatusCode::OK, "still off after a wrong code");
    let first = app_code(&secret, 0);
    let enabled = server.post("/api/auth/2fa/enable", json!({"code": first}), token).await;
    assert_eq!(enabled.status, StatusCode::OK, "{:?}", enabled.body);
    let recovery: Vec<String> = serde_json::from_value(enabled.body["recoveryCodes"].clone()).expect("codes");
    assert_eq!(recovery.len(), 10);
    assert_eq!(server.get("/api/auth/2fa", token).await.body, json!({"enabled": true}));
    let again = server.post("/api/auth/2fa/setup", json!({}), token).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "two_factor_enabled"));

    // The password alone is not enough; a wrong code, or the one already used, neither.
    assert_eq!(login(&server, None).await, (StatusCode::UNAUTHORIZED, "two_factor_required".into()));
    let wrong = wrong_code(&secret);
    assert_eq!(login(&server, Some(&wrong)).await, (StatusCode::UNAUTHORIZED, "invalid_two_factor_code".into()));
    // The code just used is refused with its own code: the person is told to wait for the next one.
    assert_eq!(login(&server, Some(&first)).await, (StatusCode::BAD_REQUEST, "two_factor_code_used".into()));
    // The app's next code (its clock a step ahead) works, once.
    let next = app_code(&secret, 30);
    assert_eq!(login(&server, Some(&next)).await.0, StatusCode::OK);
    assert_eq!(login(&server, Some(&next)).await.1, "two_factor_code_used");
    // A recovery code, however typed, works once.
    let typed = recovery[0].to_uppercase().replace('-', " ");
    assert_eq!(login(&server, Some(&typed)).await.0, StatusCode::OK);
    assert_eq!(login(&server, Some(&recovery[0])).await.1, "invalid_two_factor_code");
    // A wrong password with a right code is the usual answer.
    let reply = server
        .post("/api/auth/login", json!({"login": "anna", "password": "nope1234", "code": recovery[1]}), None)
        .await;
    assert_eq!(reply.code(), "invalid_credentials");

    // Turning it off needs a code; a recovery code does.
    let refused = server.post("/api/auth/2fa/disable", json!({"code": wrong_code(&secret)}), token).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::BAD_REQUEST, "invalid_code"));
    let off = server.post("/api/auth/2fa/disable", json!({"code": recovery[2]}), token).await;
    assert_eq!(off.status, StatusCode::NO_CONTENT, "{:?}", off.body);
    assert_eq!(login(&server, None).await.0, StatusCode::OK);
    assert_eq!(server.db.count("SELECT COUNT(*) FROM recovery_codes").await, 0, "the recovery codes are gone");
}

#[tokio::test]
async fn tries_are_limited_per_user_and_bad_bodies_change_nothing() {
    let server = TestServer::start().await;
    let (_, token) = server.register("anna").await;
    let token = Some(token.as_str());
    let secret =
        server.post("/api/auth/2fa/setup", json!({}), token).await.body["secret"].as_str().expect("secret").to_owned();
    let enabled = server.post("/api/auth/2fa/enable", json!({"code": app_code(&secret, 0)}), token).await;
    assert_eq!(enabled.status, StatusCode::OK);

    for body in [json!({}), json!({"code": 123456}), Value::Null] {
        let reply = server.post("/api/auth/2fa/disable", body, token).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    }
    // Ten tries (turning it on was one), then none.
    let wrong = wrong_code(&secret);
    let mut answers = Vec::new();
    for _ in 0..10 {
        answers.push(login(&server, Some(&wrong)).await.1);
    }
    assert_eq!(answers[..9], ["invalid_two_factor_code"; 9]);
    assert_eq!(answers[9], "rate_limited");
    // The right code is refused too while the limit holds (else a right guess would slip through).
    assert_eq!(login(&server, Some(&app_code(&secret, 30))).await.1, "rate_limited");
    assert_eq!(server.get("/api/auth/2fa", token).await.body, json!({"enabled": true}));
}
