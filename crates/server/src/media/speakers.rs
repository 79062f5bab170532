//! The loudest speakers of a room (VOICE-14): when more people talk at once than anyone can follow, only
//! the loudest few voices are forwarded. Each voice frame carries its level (the audio-level header
//! extension, RFC 6464, in -dBov: 0 is the loudest, -127 silence). A voice that is forwarded stays so
//! while it keeps talking; another takes the place of the quietest only when it is clearly louder, so
//! two similar voices do not take turns frame by frame. Pure, with a table test; the engine asks it about
//! every voice frame.

use std::{
    collections::HashMap,
    hash::Hash,
    time::{Duration, Instant},
};

/// How many voices are forwarded at once: three people talking over each other is already more than
/// a listener follows (LiveKit and Jitsi pick three too).
pub const LOUDEST: usize = 3;
/// A forwarded voice silent this long frees its place.
const QUIET_AFTER: Duration = Duration::from_millis(500);
/// How much louder a voice must be than the quietest forwarded one to take its place.
const LOUDER_BY_DB: f32 = 6.0;
/// How fast a voice's level falls back between its loud frames (its peak is held, then decays).
const DECAY_DB_PER_SECOND: f32 = 20.0;
/// Voices not heard for this long are forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(10);

struct Voice {
    /// The level, its peaks held and decaying (dBov).
    level: f32,
    heard: Instant,
}

pub struct Speakers<K> {
    voices: HashMap<K, Voice>,
    forwarded: Vec<K>,
}

impl<K> Default for Speakers<K> {
    fn default() -> Self {
        Self { voices: HashMap::new(), forwarded: Vec::new() }
    }
}

impl<K: Copy + Eq + Hash> Speakers<K> {
    /// A frame of `voice` at `level` (-dBov as str0m gives it, `None` when the sender sends no levels):
    /// whether to forward it. A voice without levels cannot be ranked and is always forwarded.
    pub fn heard(&mut self, voice: K, level: Option<i8>, now: Instant) -> bool {
        let Some(level) = level else { return true };
        let level = f32::from(level.clamp(-127, 0));
        let entry = self.voices.entry(voice).or_insert(Voice { level, heard: now });
        let decayed = entry.level - DECAY_DB_PER_SECOND * now.duration_since(entry.heard).as_secs_f32();
        entry.level = level.max(decayed);
        entry.heard = now;
        let voices = &self.voices;
        self.forwarded.retain(|k| voices.get(k).is_some_and(|v| now.duration_since(v.heard) < QUIET_AFTER));
        if self.forwarded.contains(&voice) {
            return true;
        }
        let mine = self.voices.get(&voice).map_or(-127.0, |v| v.level);
        if self.forwarded.len() < LOUDEST {
            // A free place goes to the loudest of those waiting, not to whoever speaks first.
            let forwarded = &self.forwarded;
            let louder_waiting = voices.iter().any(|(k, v)| {
                *k != voice && !forwarded.contains(k) && now.duration_since(v.heard) < QUIET_AFTER && v.level > mine
            });
            if louder_waiting {
                return false;
            }
            self.forwarded.push(voice);
            return true;
        }
        let quietest = self
            .forwarded
            .iter()
            .enumerate()
            .map(|(i, k)| (i, voices.get(k).map_or(-127.0, |v| v.level)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match quietest {
            Some((i, level)) if mine > level + LOUDER_BY_DB => {
                self.forwarded[i] = voice;
                true
            }
            _ => false,
        }
    }

    /// Forgets the voices `gone` says are gone (their publisher left), and any not heard for long.
    pub fn forget(&mut self, gone: impl Fn(&K) -> bool, now: Instant) {
        self.voices.retain(|k, v| !gone(k) && now.duration_since(v.heard) < FORGET_AFTER);
        let voices = &self.voices;
        self.forwarded.retain(|k| voices.contains_key(k));
    }

    pub fn is_empty(&self) -> bool {
        self.voices.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames every 20 ms for `ms` from voices at fixed levels; which voices got at least one forwarded.
    fn talk(speakers: &mut Speakers<u8>, start: Instant, ms: u64, levels: &[(u8, i8)]) -> Vec<u8> {
        let mut forwarded = std::collections::BTreeSet::new();
        for step in 0..ms / 20 {
            let now = start + Duration::from_millis(step * 20);
            for &(voice, level) in levels {
                if speakers.heard(voice, Some(level), now) {
                    forwarded.insert(voice);
                }
            }
        }
        forwarded.into_iter().collect()
    }

    #[test]
    fn up_to_three_voices_all_go_through() {
        let mut speakers = Speakers::default();
        assert_eq!(talk(&mut speakers, Instant::now(), 1000, &[(1, -40), (2, -50), (3, -60)]), [1, 2, 3]);
    }

    #[test]
    fn of_many_voices_only_the_three_loudest_go_through_and_a_clearly_louder_newcomer_takes_a_place() {
        let start = Instant::now();
        // Voices talking at their levels, and those that got frames forwarded.
        type Case<'a> = (&'a [(u8, i8)], &'a [u8]);
        let cases: &[Case] = &[
            // Loudest first: the three loudest keep their places.
            (&[(1, -10), (2, -20), (3, -30), (4, -40), (5, -50)], &[1, 2, 3]),
            // Quiet ones first took the places; the loud ones, much louder, take them over.
            (&[(5, -50), (4, -45), (3, -40), (2, -10), (1, -5)], &[1, 2, 3, 4, 5]),
            // A newcomer only a little louder than the quietest forwarded voice does not get in.
            (&[(1, -20), (2, -21), (3, -22), (4, -19)], &[1, 2, 3]),
        ];
        for (levels, want) in cases {
            let mut speakers = Speakers::default();
            let got = talk(&mut speakers, start, 1000, levels);
            assert_eq!(&got, want, "{levels:?}");
        }
        // After the takeover of the second case, only the three loudest are forwarded.
        let mut speakers = Speakers::default();
        talk(&mut speakers, start, 200, &[(5, -50), (4, -45), (3, -40), (2, -10), (1, -5)]);
        let later = talk(
            &mut speakers,
            start + Duration::from_millis(200),
            1000,
            &[(5, -50), (4, -45), (3, -40), (2, -10), (1, -5)],
        );
        assert_eq!(later, [1, 2, 3]);
    }

    #[test]
    fn a_voice_that_stops_frees_its_place_for_the_loudest_of_those_waiting() {
        let start = Instant::now();
        let mut speakers = Speakers::default();
        let voices = [(1, -10), (2, -20), (3, -30), (5, -50), (4, -40)];
        assert_eq!(talk(&mut speakers, start, 1000, &voices), [1, 2, 3]);
        // Voice 1 stops talking: after a moment voice 4 is forwarded — not 5, whose frames come first.
        let after = talk(&mut speakers, start + Duration::from_millis(1000), 1000, &voices[1..]);
        assert_eq!(after, [2, 3, 4]);
    }

    #[test]
    fn a_voice_without_levels_is_always_forwarded_and_levels_below_silence_are_silence() {
        let mut speakers: Speakers<u8> = Speakers::default();
        let now = Instant::now();
        for voice in 1..=3 {
            assert!(speakers.heard(voice, Some(-10), now));
        }
        assert!(speakers.heard(9, None, now));
        assert!(!speakers.heard(4, Some(i8::MIN), now), "below -127 dBov is silence");
    }

    #[test]
    fn gone_and_long_silent_voices_are_forgotten() {
        let mut speakers = Speakers::default();
        let now = Instant::now();
        talk(&mut speakers, now, 100, &[(1, -10), (2, -20)]);
        speakers.forget(|voice| *voice == 1, now);
        assert_eq!(talk(&mut speakers, now, 100, &[(2, -20), (3, -30), (4, -40)]), [2, 3, 4]);
        speakers.forget(|_| false, now + FORGET_AFTER * 2);
        assert!(speakers.is_empty());
    }
}
