//! *search*: message search (SEARCH-1) over a million messages in 1,000 rooms, one request at a time
//! (what a person typing into the search box waits for): one rare word, one common word, one very
//! common word, a prefix as typed, two words, and the worst case — a word in 10,000 messages, none of
//! them in the searcher's rooms. The searcher is a member of some of the rooms; the others' messages
//! must not be found. WOXLY only: the baseline has no search.
//!
//! Message `i` (in a room picked by a hash of `i`) reads `t<i % 10> w<i % 100> x<i·13 % 10000> привет`:
//! `t` words are in 10 % of the messages each, `w` words in 1 % (10,000 at a million), `x` words in
//! 0.01 % (100); one message in 100 of the rooms the searcher is not in also says `elsewhere`.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use rand::Rng;
use serde_json::{Map, Value, json};

use crate::{
    recorder::Latencies,
    scenarios::{Run, Scenario},
    seed::{Db, token},
};

/// Requests in the first half second of each query kind are not counted (cold caches).
const WARM_UP: Duration = Duration::from_millis(500);
const SEARCHER: u32 = 1;
const SENDER: u32 = 2;

#[derive(clap::Args, Debug)]
pub struct Search {
    /// Messages in all.
    #[arg(long, default_value_t = 1_000_000)]
    pub messages: u32,
    /// Rooms they are spread over.
    #[arg(long, default_value_t = 1000)]
    pub rooms: u32,
    /// Of those, the rooms the searcher is a member of.
    #[arg(long, default_value_t = 50)]
    pub member_of: u32,
    /// Searches per query kind.
    #[arg(long, default_value_t = 500)]
    pub requests: u32,
}

/// What is searched for: a query for a random message `i`.
#[derive(Clone, Copy)]
enum Query {
    /// `x<…>`: about 100 messages have it.
    RareWord,
    /// `w<…>`: about 10,000 messages.
    CommonWord,
    /// `x<3 digits>`: a word being typed, matching about 111 words, 11,000 messages.
    Prefix,
    /// `w<…> x<…>`: both words of one message.
    TwoWords,
    /// `t<…>`: about 100,000 messages.
    VeryCommonWord,
    /// `elsewhere`: 9,500 messages, none in the searcher's rooms; every match is looked at in vain.
    OnlyElsewhere,
}

impl Query {
    const ALL: [Self; 6] =
        [Self::RareWord, Self::CommonWord, Self::Prefix, Self::TwoWords, Self::VeryCommonWord, Self::OnlyElsewhere];

    fn name(self) -> &'static str {
        match self {
            Self::RareWord => "one_word_rare",
            Self::CommonWord => "one_word_common",
            Self::Prefix => "prefix",
            Self::TwoWords => "two_words",
            Self::VeryCommonWord => "one_word_very_common",
            Self::OnlyElsewhere => "only_elsewhere",
        }
    }

    fn text(self, i: u64) -> String {
        let (t, w, x) = (i % 10, i % 100, i * 13 % 10_000);
        match self {
            Self::RareWord => format!("x{x}"),
            Self::CommonWord => format!("w{w}"),
            Self::Prefix => format!("x{}", (x % 900) + 100),
            Self::TwoWords => format!("x{x} w{w}"),
            Self::VeryCommonWord => format!("t{t}"),
            Self::OnlyElsewhere => "elsewhere".to_owned(),
        }
    }
}

impl Scenario for Search {
    const NAME: &'static str = "search";

    fn params(&self) -> Value {
        json!({"messages": self.messages, "rooms": self.rooms, "memberOf": self.member_of, "requestsPerQuery": self.requests})
    }

    async fn seed(&self, db: &Db) -> anyhow::Result<()> {
        db.users(2).await?;
        let rooms: Vec<Vec<u32>> =
            (1..=self.rooms).map(|r| if r <= self.member_of { vec![SENDER, SEARCHER] } else { vec![SENDER] }).collect();
        db.rooms(&rooms).await?;
        db.search_corpus(self.rooms, self.member_of, SENDER, self.messages).await
    }

    async fn run(&self, run: &Run<'_>) -> anyhow::Result<Map<String, Value>> {
        let client = reqwest::Client::new();
        let bearer = format!("Bearer {}", token(SEARCHER));
        let mut metrics = Map::new();
        let mut found_total = 0usize;
        for query in Query::ALL {
            let latencies = Latencies::new();
            let started = Instant::now();
            let mut measured = 0;
            while measured < self.requests {
                let i = rand::rng().random_range(1..=u64::from(self.messages));
                let url = format!("http://{}/api/search/messages", run.server.addr);
                let sent = Instant::now();
                let response = client
                    .get(&url)
                    .query(&[("q", query.text(i)), ("limit", "25".into())])
                    .header("authorization", &bearer)
                    .send()
                    .await?;
                let status = response.status();
                let body: Value = response.json().await.context("search results")?;
                let Some(results) = body["results"].as_array().filter(|_| status.is_success()) else {
                    bail!("{url}: {status} {body}");
                };
                // Only the searcher's rooms, ever.
                if let Some(outside) = results
                    .iter()
                    .find(|r| r["room"]["id"].as_u64().is_none_or(|room| room > u64::from(self.member_of)))
                {
                    bail!("a result from a room the searcher is not in: {outside}");
                }
                found_total += results.len();
                if started.elapsed() > WARM_UP {
                    latencies.record(sent.elapsed());
                    measured += 1;
                }
            }
            latencies.summarize(query.name(), &mut metrics);
        }
        if found_total == 0 {
            bail!("no search found anything: the corpus or the queries are wrong");
        }
        Ok(metrics)
    }
}
