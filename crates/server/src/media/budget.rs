//! What one connection may send the forwarding server (VOICE-14): a browser's camera in three layers, a
//! share and its voice stay well under it; a client that sends more (a bug, or someone trying to starve
//! the room) has the excess dropped before any work is done on it, and counted. A token bucket per
//! connection, for packets and for bytes, refilled continuously, holding at most one second's worth.

use std::time::Instant;

/// Packets a second: a 1080p share at 8 Mbit/s is about 900, a camera's layers 250, voice 50.
const PACKETS_PER_SECOND: f64 = 3_000.0;
/// Bytes a second: 24 Mbit/s, twice the most the web client ever sends.
const BYTES_PER_SECOND: f64 = 3_000_000.0;

#[derive(Debug)]
pub struct Budget {
    packets: f64,
    bytes: f64,
    at: Instant,
}

impl Budget {
    pub fn new(now: Instant) -> Self {
        Self { packets: PACKETS_PER_SECOND, bytes: BYTES_PER_SECOND, at: now }
    }

    /// Whether a datagram of `length` bytes arriving `now` is within the budget (and spends it if so).
    pub fn take(&mut self, now: Instant, length: usize) -> bool {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.at = self.at.max(now);
        self.packets = (self.packets + elapsed * PACKETS_PER_SECOND).min(PACKETS_PER_SECOND);
        self.bytes = (self.bytes + elapsed * BYTES_PER_SECOND).min(BYTES_PER_SECOND);
        let length = length as f64;
        if self.packets < 1.0 || self.bytes < length {
            return false;
        }
        self.packets -= 1.0;
        self.bytes -= length;
        true
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_second_s_worth_goes_through_then_only_what_time_refills() {
        let start = Instant::now();
        let mut budget = Budget::new(start);
        let passed = (0..4_000).filter(|_| budget.take(start, 100)).count();
        assert_eq!(passed, PACKETS_PER_SECOND as usize, "a burst of one second's packets");
        assert!(!budget.take(start, 100));
        // A tenth of a second later, a tenth of a second's packets.
        let later = start + Duration::from_millis(100);
        let refilled = (0..1_000).filter(|_| budget.take(later, 100)).count();
        assert_eq!(refilled, 300);
    }

    #[test]
    fn large_datagrams_run_out_of_bytes_first_and_time_going_backwards_gives_nothing() {
        let start = Instant::now() + Duration::from_secs(1);
        let mut budget = Budget::new(start);
        let passed = (0..3_000).filter(|_| budget.take(start, 1_500)).count();
        assert_eq!(passed, 2_000);
        assert!(!budget.take(start - Duration::from_millis(500), 1_500));
    }
}
