//! Accounts and sessions (AUTH-1…AUTH-7): register, log in, authenticate a token, log out, edit a profile.

use crate::ErrorCode;
use std::sync::Arc;

use crate::{
    Error, Result,
    model::{NewUser, Session, SessionOrigin, User, UserId, WoxlyId, user},
    service::{
        events::{Audience, EventSink},
        passwords::PasswordHasher,
        tokens::Tokens,
        two_factor::TwoFactorAuth,
    },
    store::{ProfileChanges, Store, StoreError, UniqueField},
    time::Timestamp,
};

/// Who is calling: the user behind a live session.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub session_id: String,
}

/// A user with a fresh token, as register and login answer.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub token: String,
}

/// How stale a session's "last seen" may get before a request refreshes it: one write per session
/// every few minutes, not one per request.
const LAST_SEEN_PRECISION_MS: i64 = 5 * 60 * 1000;

pub struct Accounts {
    store: Arc<dyn Store>,
    events: Arc<dyn EventSink>,
    hasher: PasswordHasher,
    tokens: Tokens,
    two_factor: Arc<TwoFactorAuth>,
    session_lifetime_seconds: i64,
}

impl Accounts {
    pub fn new(
        store: Arc<dyn Store>,
        events: Arc<dyn EventSink>,
        tokens: Tokens,
        two_factor: Arc<TwoFactorAuth>,
        session_lifetime_seconds: i64,
    ) -> Self {
        Self { store, events, hasher: PasswordHasher::new(), tokens, two_factor, session_lifetime_seconds }
    }

    /// AUTH-1…AUTH-4: validates, hashes, stores with a fresh WOXLY ID and opens a session.
    pub async fn register(
        &self,
        username: &str,
        email: &str,
        password: &str,
        origin: SessionOrigin,
    ) -> Result<SignedIn> {
        user::validate_username(username)?;
        user::validate_email(email)?;
        user::validate_password(password)?;
        let password_hash = self.hasher.hash(password).await?;
        let user = self.create_with_fresh_woxly_id(username, email, password_hash).await?;
        tracing::info!(user_id = user.id, woxly_id = %user.woxly_id.0, "registered");
        self.open_session(user, origin).await
    }

    /// Draws WOXLY IDs until the database accepts one; the draws widen and are bounded (AUTH-3).
    async fn create_with_fresh_woxly_id(&self, username: &str, email: &str, password_hash: String) -> Result<User> {
        let mut new_user = NewUser {
            woxly_id: WoxlyId(String::new()),
            username: username.to_owned(),
            email: email.to_owned(),
            password_hash,
        };
        for attempt in 0.. {
            let Some(candidate) = WoxlyId::candidate(attempt, &mut rand::rng()) else { break };
            new_user.woxly_id = candidate;
            match self.store.create_user(&new_user).await {
                Err(StoreError::Duplicate(UniqueField::WoxlyId)) => continue,
                other => return Ok(other?),
            }
        }
        Err(Error::conflict(ErrorCode::WoxlyIdExhausted, "no free WOXLY ID was found; please try again"))
    }

    /// AUTH-5: `login` is an email or a username. An unknown login and a wrong password give the same
    /// error and cost the same time. AUTH-8: an account with two-factor sign-in also needs `code` (from
    /// the app, or a recovery code); it is asked for only once the password is right.
    pub async fn login(
        &self,
        login: &str,
        password: &str,
        code: Option<&str>,
        origin: SessionOrigin,
    ) -> Result<SignedIn> {
        // Over-long input cannot belong to an account; refusing it early also bounds the hashing work.
        if login.chars().count() > user::EMAIL_MAX_CHARS || password.chars().count() > user::PASSWORD_MAX_CHARS {
            return Err(Error::InvalidCredentials);
        }
        let credentials = self.store.credentials_by_login(login).await?;
        let hash = credentials.as_ref().map(|c| c.password_hash.as_str());
        if !self.hasher.verify(password, hash).await? {
            return Err(Error::InvalidCredentials);
        }
        let user = credentials.ok_or(Error::InvalidCredentials)?.user;
        self.two_factor.check_sign_in(user.id, code).await?;
        self.open_session(user, origin).await
    }

    async fn open_session(&self, user: User, origin: SessionOrigin) -> Result<SignedIn> {
        let session = Session::new(user.id, self.session_lifetime_seconds, origin);
        self.store.create_session(&session).await?;
        let token = self.tokens.issue(&session)?;
        Ok(SignedIn { user, token })
    }

    /// AUTH-6: a token is good while its signature checks, it has not expired and its session is live.
    pub async fn authenticate(&self, token: &str) -> Result<Caller> {
        let claims = self.tokens.verify(token)?;
        let (session, user) =
            self.store.live_session(&claims.sid, Timestamp::now()).await?.ok_or(Error::Unauthorized)?;
        if session.user_id.to_string() != claims.sub {
            return Err(Error::Unauthorized);
        }
        let now = Timestamp::now();
        if now.millis() - session.last_seen_at.millis() > LAST_SEEN_PRECISION_MS {
            self.store.touch_session(&session.id, now).await?;
        }
        Ok(Caller { user, session_id: session.id })
    }

    /// The caller's password, asked again before what cannot be undone (AUTH-9, AUTH-10).
    pub async fn check_password(&self, caller: &Caller, password: &str) -> Result<()> {
        let hash = self.store.password_hash(caller.user.id).await?;
        if password.chars().count() > user::PASSWORD_MAX_CHARS || !self.hasher.verify(password, hash.as_deref()).await?
        {
            return Err(Error::invalid(ErrorCode::WrongPassword, "the password is not right"));
        }
        Ok(())
    }

    /// AUTH-9: my live sessions, the most recently seen first.
    pub async fn sessions(&self, caller: &Caller) -> Result<Vec<Session>> {
        Ok(self.store.sessions_of(caller.user.id, Timestamp::now()).await?)
    }

    /// AUTH-9: signs one of my sessions out (its sockets close); someone else's is not found.
    pub async fn sign_out_session(&self, caller: &Caller, session_id: &str) -> Result<()> {
        if !self.store.revoke_user_session(caller.user.id, session_id).await? {
            return Err(Error::NotFound);
        }
        self.events.disconnect(Audience::Session(session_id.to_owned())).await;
        Ok(())
    }

    /// AUTH-9: signs out every session of mine but this one.
    pub async fn sign_out_others(&self, caller: &Caller) -> Result<()> {
        for session_id in self.store.revoke_other_sessions(caller.user.id, &caller.session_id).await? {
            self.events.disconnect(Audience::Session(session_id)).await;
        }
        Ok(())
    }

    /// AUTH-9: a new password, given the current one; every other session is signed out (whoever
    /// knew the old password is out).
    pub async fn change_password(&self, caller: &Caller, current: &str, new: &str) -> Result<()> {
        user::validate_password(new)?;
        self.check_password(caller, current).await?;
        let new_hash = self.hasher.hash(new).await?;
        self.store.set_password_hash(caller.user.id, &new_hash).await?;
        self.sign_out_others(caller).await
    }

    /// Whether a session is still live (not revoked, not expired).
    pub async fn session_is_live(&self, session_id: &str) -> Result<bool> {
        Ok(self.store.live_session(session_id, Timestamp::now()).await?.is_some())
    }

    /// AUTH-6: revokes the session at once; its open sockets are closed by the event.
    pub async fn logout(&self, caller: &Caller) -> Result<()> {
        self.store.revoke_session(&caller.session_id).await?;
        self.events.disconnect(Audience::Session(caller.session_id.clone())).await;
        Ok(())
    }

    pub async fn user(&self, id: UserId) -> Result<User> {
        self.store.user_by_id(id).await?.ok_or(Error::NotFound)
    }

    /// AUTH-7: username and avatar can change; the WOXLY ID never does (the edge refuses it).
    pub async fn update_profile(&self, id: UserId, changes: &ProfileChanges) -> Result<User> {
        if let Some(username) = &changes.username {
            user::validate_username(username)?;
        }
        if let Some(Some(url)) = &changes.avatar_url {
            user::validate_avatar_url(url)?;
        }
        self.store.update_profile(id, changes).await?.ok_or(Error::NotFound)
    }

    /// AUTH-7: the avatar the server made from an upload: its own URL, which a person could not give
    /// as theirs through [`Accounts::update_profile`].
    pub async fn set_uploaded_avatar(&self, id: UserId, url: String) -> Result<User> {
        let changes = ProfileChanges { username: None, avatar_url: Some(Some(url)) };
        self.store.update_profile(id, &changes).await?.ok_or(Error::NotFound)
    }
}
