// MSG-6, MSG-7: a message's text as pieces: plain text, links and mentions of members. The pieces are
// rendered as text nodes and anchors, never as HTML.

import { find } from 'linkifyjs';

export type TextPiece =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string };

/** Splits `content` into pieces; `@name` is a mention when `name` (any letter case) is in `members`. */
export function textPieces(content: string, members: string[]): TextPiece[] {
  const names = new Set(members.map((name) => name.toLowerCase()));
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const link of find(content, 'url')) {
    pieces.push(...mentionPieces(content.slice(at, link.start), names));
    // Only web addresses open: anything else linkify calls a URL stays text.
    if (/^https?:\/\//i.test(link.href)) pieces.push({ kind: 'link', text: link.value, href: link.href });
    else pieces.push({ kind: 'text', text: link.value });
    at = link.end;
  }
  pieces.push(...mentionPieces(content.slice(at), names));
  return pieces.filter((piece) => piece.text.length > 0);
}

// A username's characters (AUTH-1), after an `@` that does not follow a word character.
const MENTION = /(^|[^\p{L}\p{N}_.])@([A-Za-z0-9_.а-яА-ЯёЁ]+)/gu;

function mentionPieces(text: string, names: Set<string>): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const match of text.matchAll(MENTION)) {
    const name = (match[2] ?? '').replace(/\.+$/, '');
    if (!names.has(name.toLowerCase())) continue;
    const start = (match.index ?? 0) + (match[1] ?? '').length;
    pieces.push({ kind: 'text', text: text.slice(at, start) });
    pieces.push({ kind: 'mention', text: `@${name}` });
    at = start + name.length + 1;
  }
  pieces.push({ kind: 'text', text: text.slice(at) });
  return pieces;
}
