//! `status-change` (STATUS-2): a connected user chooses online, away or busy; friends are told.

use socketioxide::extract::{AckSender, Extension, TryData};
use woxly_domain::{model::Status, service::accounts::Caller};
use woxly_protocol::{
    ack::AckError,
    friends::{StatusChange, StatusChangeAck},
};

use crate::{
    realtime::{acknowledge, refuse},
    state::AppState,
};

pub async fn on_status_change(
    Extension(caller): Extension<Caller>,
    TryData(change): TryData<StatusChange>,
    ack: AckSender,
    state: AppState,
) {
    let Ok(change) = change else {
        return acknowledge(ack, &AckError::new("invalid_payload", "expected {status}"));
    };
    let chosen = match Status::chosen(&change.status) {
        Ok(status) => state.presence.choose(caller.user.id, status).await.map(|()| status),
        Err(e) => Err(e),
    };
    match chosen {
        Ok(status) => acknowledge(ack, &StatusChangeAck { ok: true, status }),
        Err(e) => refuse(ack, &e),
    }
}
