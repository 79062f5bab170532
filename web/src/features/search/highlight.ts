/** The filters a search understands, as `key:value` (SEARCH-1). */
const FILTERS = new Set(['from', 'in', 'has', 'before', 'after']);

/** The words of a query that match text (the filters left out), lower-case, as the server splits them. */
export function queryWords(query: string): string[] {
  return query
    .split(/\s+/)
    .filter((token) => !FILTERS.has(token.split(':')[0]?.toLowerCase() ?? '') || !token.includes(':'))
    .flatMap((token) => token.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter(Boolean);
}

/** A text cut into pieces, the ones that are a word starting with one of `words` marked. */
export function highlight(text: string, words: string[]): { text: string; hit: boolean }[] {
  if (words.length === 0) return [{ text, hit: false }];
  const pieces: { text: string; hit: boolean }[] = [];
  // Runs of letters and digits are the words; everything between is kept as it is.
  for (const match of text.matchAll(/([\p{L}\p{N}]+)|([^\p{L}\p{N}]+)/gu)) {
    const piece = match[0];
    const lower = piece.toLowerCase();
    const hit = match[1] !== undefined && words.find((w) => lower.startsWith(w));
    if (hit) {
      pieces.push({ text: piece.slice(0, hit.length), hit: true });
      if (piece.length > hit.length) pieces.push({ text: piece.slice(hit.length), hit: false });
    } else {
      const last = pieces.at(-1);
      if (last && !last.hit) last.text += piece;
      else pieces.push({ text: piece, hit: false });
    }
  }
  return pieces;
}
