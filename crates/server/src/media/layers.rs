//! Simulcast (VOICE-14): a browser sends its camera through the server in up to three layers (RTP stream
//! ids `l`, `m`, `h`: a quarter, half and the whole picture), and each receiver gets the one layer that
//! fits how large it shows that picture (`media-view`) — a small tile does not cost a full-size stream.
//! Each layer's size is read from its key frames (the first ten bytes of a VP8 key frame stay readable
//! under end-to-end encryption for this). A receiver changes layer only at a key frame of the new one,
//! and its timestamps go on from where they were, as if one stream. Pure, with table tests.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use str0m::media::Rid;

/// A layer whose frames stopped this long ago is not chosen: a browser short of upload drops its top
/// layers, and a receiver waiting for a key frame of one would see nothing.
const STALE_AFTER: Duration = Duration::from_secs(2);
/// Where a receiver's timestamps go on after a switch: one frame at 30 per second, at 90 kHz.
const FRAME_90KHZ: u64 = 3000;

/// What one layer of a published camera looks like, as its last key frame said (`None` before its
/// first key frame).
#[derive(Debug, Clone, Copy)]
pub struct LayerSeen {
    pub height: Option<u16>,
    /// Its last frame.
    pub at: Instant,
}

/// The layers of one published camera, by stream id.
pub type Layers = HashMap<Rid, LayerSeen>;

/// The layer to forward: of those seen lately, the smallest whose pictures are at least `wanted` tall,
/// or the tallest when none is (or when the receiver has not said how large it shows it). Before any
/// layer's size is known, one of them (its key frame, asked for, will tell).
pub fn choose(layers: &Layers, wanted: Option<u32>, now: Instant) -> Option<Rid> {
    let live: Vec<(Option<u16>, Rid)> = layers
        .iter()
        .filter(|(_, seen)| now.saturating_duration_since(seen.at) < STALE_AFTER)
        .map(|(rid, seen)| (seen.height, *rid))
        .collect();
    let mut sized: Vec<(u16, Rid)> = live.iter().filter_map(|(height, rid)| Some(((*height)?, *rid))).collect();
    sized.sort_by_key(|(height, _)| *height);
    let Some(tallest) = sized.last().map(|(_, rid)| *rid) else {
        return live.iter().map(|(_, rid)| *rid).min_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    };
    let Some(wanted) = wanted else { return Some(tallest) };
    sized.iter().find(|(height, _)| u32::from(*height) >= wanted).map(|(_, rid)| *rid).or(Some(tallest))
}

/// The picture size a VP8 key frame says, from its first ten bytes: the frame tag (3), the start code
/// `9d 01 2a`, then width and height (14 bits each, little-endian). `None` for anything else.
pub fn vp8_size(frame: &[u8]) -> Option<(u16, u16)> {
    let keyframe = frame.first()? & 1 == 0;
    if !keyframe || frame.get(3..6)? != [0x9d, 0x01, 0x2a] {
        return None;
    }
    let width = u16::from_le_bytes([*frame.get(6)?, *frame.get(7)?]) & 0x3fff;
    let height = u16::from_le_bytes([*frame.get(8)?, *frame.get(9)?]) & 0x3fff;
    Some((width, height))
}

/// One receiver's section of a camera: the layer it gets now, and how its timestamps are shifted.
#[derive(Debug, Default)]
pub struct Switch {
    current: Option<Rid>,
    /// Added to each forwarded frame's time (90 kHz), so that each layer continues the last.
    offset: i64,
    /// The last forwarded frame's time here, and when it arrived.
    last: Option<(u64, Instant)>,
}

impl Switch {
    /// A frame of layer `rid` at `time` (90 kHz), arrived `at`: its time for this receiver if it goes
    /// to them. The layer in use keeps going until a key frame of `target` arrives, which switches to
    /// it; the new layer's times go on from the last one's by the time that passed (a frame at least).
    pub fn pass(&mut self, rid: Rid, keyframe: bool, target: Option<Rid>, time: u64, at: Instant) -> Option<u64> {
        let switching = Some(rid) == target && Some(rid) != self.current && keyframe;
        if switching {
            self.offset = self.last.map_or(0, |(last, then)| {
                let passed = (at.saturating_duration_since(then).as_secs_f64() * 90_000.0) as u64;
                (last + passed.max(FRAME_90KHZ)) as i64 - time as i64
            });
            self.current = Some(rid);
        } else if Some(rid) != self.current {
            return None;
        }
        let shifted = (time as i64).saturating_add(self.offset).max(0) as u64;
        self.last = Some((shifted, at));
        Some(shifted)
    }

    /// The layer this receiver gets now.
    pub fn current(&self) -> Option<Rid> {
        self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layers(now: Instant, seen: &[(&str, u16, u64)]) -> Layers {
        seen.iter()
            .map(|&(rid, height, ago)| {
                let height = (height > 0).then_some(height);
                (Rid::from(rid), LayerSeen { height, at: now - Duration::from_millis(ago) })
            })
            .collect()
    }

    #[test]
    fn the_smallest_layer_that_fills_the_tile_is_chosen_among_those_still_coming() {
        let now = Instant::now() + Duration::from_secs(10);
        let all = layers(now, &[("l", 180, 0), ("m", 360, 0), ("h", 720, 0)]);
        let top_dropped = layers(now, &[("l", 180, 0), ("m", 360, 0), ("h", 720, 5000)]);
        let cases: &[(&Layers, Option<u32>, Option<&str>)] = &[
            (&all, None, Some("h")),
            (&all, Some(0), Some("l")),
            (&all, Some(150), Some("l")),
            (&all, Some(181), Some("m")),
            (&all, Some(360), Some("m")),
            (&all, Some(700), Some("h")),
            (&all, Some(2160), Some("h")),
            (&top_dropped, Some(700), Some("m")),
            (&top_dropped, None, Some("m")),
            (&Layers::new(), Some(100), None),
            // No key frame seen yet (size 0 here: unknown): one of them, whose key frame will tell.
            (&layers(now, &[("m", 0, 0), ("h", 0, 0)]), Some(100), Some("h")),
            (&layers(now, &[("l", 0, 0), ("h", 720, 0)]), Some(100), Some("h")),
        ];
        for (layers, wanted, want) in cases {
            assert_eq!(choose(layers, *wanted, now), want.map(Rid::from), "{wanted:?} of {layers:?}");
        }
    }

    #[test]
    fn a_key_frame_says_its_size_and_nothing_else_does() {
        let key = [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x00, 0x05, 0xd0, 0x02, 0xaa];
        assert_eq!(vp8_size(&key), Some((1280, 720)));
        let mut delta = key;
        delta[0] |= 1;
        assert_eq!(vp8_size(&delta), None);
        assert_eq!(vp8_size(&key[..9]), None);
        assert_eq!(vp8_size(&[0x10, 0x02, 0x00, 0x9d, 0x01, 0x2b, 0, 5, 0xd0, 2]), None);
        assert_eq!(vp8_size(&[]), None);
    }

    #[test]
    fn a_receiver_changes_layer_only_at_a_key_frame_and_its_time_goes_on() {
        let (l, h) = (Rid::from("l"), Rid::from("h"));
        let start = Instant::now();
        let at = |ms: u64| start + Duration::from_millis(ms);
        let mut switch = Switch::default();
        // Nothing until a key frame of the chosen layer.
        assert_eq!(switch.pass(h, false, Some(h), 90_000, at(0)), None);
        assert_eq!(switch.pass(l, true, Some(h), 500, at(0)), None);
        assert_eq!(switch.pass(h, true, Some(h), 93_000, at(33)), Some(93_000));
        assert_eq!(switch.pass(h, false, Some(h), 96_000, at(66)), Some(96_000));
        // Asked for the small layer: the big one goes on until the small one's key frame.
        assert_eq!(switch.pass(l, false, Some(l), 3_500, at(80)), None);
        assert_eq!(switch.pass(h, false, Some(l), 99_000, at(100)), Some(99_000));
        assert_eq!(switch.pass(l, true, Some(l), 6_500, at(110)), Some(102_000));
        assert_eq!(switch.pass(l, false, Some(l), 9_500, at(143)), Some(105_000));
        assert_eq!(switch.pass(h, true, Some(l), 102_000, at(150)), None);
        assert_eq!(switch.current(), Some(l));
    }

    #[test]
    fn after_a_pause_a_switch_moves_time_on_by_the_pause() {
        let (l, h) = (Rid::from("l"), Rid::from("h"));
        let start = Instant::now();
        let mut switch = Switch::default();
        assert_eq!(switch.pass(h, true, Some(h), 10_000, start), Some(10_000));
        // Two seconds later (the big layer stopped), the small one's key frame: 180,000 ticks on.
        assert_eq!(switch.pass(l, true, Some(l), 500, start + Duration::from_secs(2)), Some(190_000));
    }
}
