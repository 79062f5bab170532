//! WOXLY IDs (AUTH-3): `WX` and 4 random digits, unique, never changed.
//!
//! Drawing four digits until one is free would loop forever once all 9,000 are taken, so the attempts
//! are numbered: a few at 4 digits, then at 5, then at 6, then the caller gives
//! up with an error. Ids stay short while they can, and registration always ends.

use rand::Rng;

/// How many random draws are tried at each width (4, 5, 6 digits) before widening.
pub const ATTEMPTS_PER_WIDTH: u32 = 8;
/// After this many draws the registration fails instead of looping.
pub const MAX_ATTEMPTS: u32 = ATTEMPTS_PER_WIDTH * 3;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WoxlyId(pub String);

impl WoxlyId {
    /// The candidate for draw number `attempt` (0-based): its width grows with the attempt number.
    /// `None` once [`MAX_ATTEMPTS`] are used up.
    pub fn candidate(attempt: u32, rng: &mut impl Rng) -> Option<Self> {
        let digits = match attempt / ATTEMPTS_PER_WIDTH {
            0 => 4,
            1 => 5,
            2 => 6,
            _ => return None,
        };
        let low = 10u32.pow(digits - 1);
        let n = rng.random_range(low..low * 10);
        Some(Self(format!("WX{n}")))
    }

    /// Normalises user input such as `wx1234` to the stored form, if it has the shape of an id.
    pub fn parse(input: &str) -> Option<Self> {
        let (prefix, rest) = (input.get(..2)?, input.get(2..)?);
        if !prefix.eq_ignore_ascii_case("wx") {
            return None;
        }
        let shaped = (4..=6).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit());
        shaped.then(|| Self(format!("WX{rest}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widens_from_four_to_six_digits_and_then_stops() {
        let mut rng = rand::rng();
        let mut width = |attempt| WoxlyId::candidate(attempt, &mut rng).map(|id| id.0.len() - 2);
        assert_eq!(width(0), Some(4));
        assert_eq!(width(ATTEMPTS_PER_WIDTH - 1), Some(4));
        assert_eq!(width(ATTEMPTS_PER_WIDTH), Some(5));
        assert_eq!(width(2 * ATTEMPTS_PER_WIDTH), Some(6));
        assert_eq!(width(MAX_ATTEMPTS - 1), Some(6));
        assert_eq!(width(MAX_ATTEMPTS), None);
    }

    #[test]
    fn four_digit_ids_stay_in_1000_to_9999() {
        let mut rng = rand::rng();
        for _ in 0..10_000 {
            let id = WoxlyId::candidate(0, &mut rng).expect("first attempt");
            let n: u32 = id.0[2..].parse().expect("digits");
            assert!((1000..=9999).contains(&n), "{}", id.0);
        }
    }

    #[test]
    fn parses_any_letter_case() {
        assert_eq!(WoxlyId::parse("wx1234"), Some(WoxlyId("WX1234".into())));
        assert_eq!(WoxlyId::parse("Wx123456"), Some(WoxlyId("WX123456".into())));
        assert_eq!(WoxlyId::parse("WX12"), None);
        assert_eq!(WoxlyId::parse("WX12a4"), None);
        assert_eq!(WoxlyId::parse("ivan"), None);
    }
}
