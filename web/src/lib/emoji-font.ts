// Emoji look the same on every machine: Twemoji, as a colour font (COLR, from the npm package
// twemoji-colr-font, served by WOXLY itself), drawn for the emoji ranges before any system font, so a
// machine without an emoji font shows no empty boxes and one with an old black-and-white symbol font
// shows colour. COLR version 0, which every engine draws (Noto Color Emoji's web font is COLR version
// 1, which Chromium built on an older system FreeType, Debian 12's, does not draw).
import twemojiUrl from 'twemoji-colr-font/twemoji.woff2?url';

/** The family the page's font stack names first (src/index.css). */
export const EMOJI_FAMILY = 'WOXLY Emoji';

/** Emoji and their joiners and selectors; digits, `#` and `*` stay text. Characters the font has no
 * glyph for fall through to the next font. */
const EMOJI_RANGES =
  'U+A9, U+AE, U+200D, U+203C, U+2049, U+20E3, U+2122, U+2139, U+2194-21AA, U+231A-23FF, U+24C2, ' +
  'U+25AA-25FE, U+2600-27BF, U+2934-2935, U+2B05-2B55, U+3030, U+303D, U+3297, U+3299, U+FE0F, ' +
  'U+1F000-1FAFF, U+E0020-E007F';

export function addEmojiFont() {
  if (typeof FontFace === 'undefined') return;
  document.fonts.add(new FontFace(EMOJI_FAMILY, `url(${twemojiUrl}) format('woff2')`, { unicodeRange: EMOJI_RANGES }));
}
