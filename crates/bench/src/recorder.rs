//! Latencies (an HDR histogram, microseconds) and counters, shared by every connection of a scenario.

use std::{
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use hdrhistogram::Histogram;
use serde_json::{Map, Value, json};

/// Microseconds since the generator started: the clock that send times are written in, so a receipt
/// anywhere in the process can tell how long ago its message left.
pub struct Clock(Instant);

impl Clock {
    pub fn new() -> Self {
        Self(Instant::now())
    }

    pub fn now_micros(&self) -> u64 {
        u64::try_from(self.0.elapsed().as_micros()).unwrap_or(u64::MAX)
    }
}

/// Latencies from 1 µs to 10 min at 3 significant digits.
pub struct Latencies(Mutex<Histogram<u64>>);

impl Latencies {
    pub fn new() -> Self {
        let histogram = Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid histogram bounds");
        Self(Mutex::new(histogram))
    }

    pub fn record_micros(&self, micros: u64) {
        let mut histogram = self.0.lock().unwrap_or_else(|e| e.into_inner());
        histogram.saturating_record(micros.max(1));
    }

    pub fn record(&self, elapsed: Duration) {
        self.record_micros(u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX));
    }

    /// The time from `sent` (microseconds on `clock`) until now.
    pub fn record_since(&self, clock: &Clock, sent: u64) {
        self.record_micros(clock.now_micros().saturating_sub(sent));
    }

    pub fn is_empty(&self) -> bool {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).is_empty()
    }

    /// Milliseconds at a quantile (0.5, 0.99, …).
    pub fn quantile_ms(&self, quantile: f64) -> f64 {
        let histogram = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if histogram.is_empty() { f64::NAN } else { histogram.value_at_quantile(quantile) as f64 / 1000.0 }
    }

    /// `{name}_p50_ms`, `{name}_p99_ms`, `{name}_max_ms` into `metrics`.
    pub fn summarize(&self, name: &str, metrics: &mut Map<String, Value>) {
        for (suffix, quantile) in [("p50", 0.5), ("p99", 0.99), ("max", 1.0)] {
            metrics.insert(format!("{name}_{suffix}_ms"), json!(round(self.quantile_ms(quantile))));
        }
    }
}

pub fn round(value: f64) -> f64 {
    if value.is_finite() { (value * 1000.0).round() / 1000.0 } else { value }
}

/// A counter shared across connections.
#[derive(Default)]
pub struct Counter(AtomicU64);

impl Counter {
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }

    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_come_from_what_was_recorded() {
        let latencies = Latencies::new();
        for ms in 1..=100 {
            latencies.record(Duration::from_millis(ms));
        }
        assert!((latencies.quantile_ms(0.5) - 50.0).abs() < 0.1);
        assert!((latencies.quantile_ms(0.99) - 99.0).abs() < 0.1);
    }
}
