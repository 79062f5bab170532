import { useMemo } from 'react';
import { textPieces } from '../message-text';

/** A message's text: links open in a new tab, mentions of members stand out (MSG-6, MSG-7); all of it
 * is text nodes and anchors, never HTML (CHAT-3). */
export function MessageBody({ content, members }: { content: string; members: string[] }) {
  const pieces = useMemo(() => textPieces(content, members), [content, members]);
  return pieces.map((piece, index) => {
    if (piece.kind === 'link') {
      return (
        <a key={index} href={piece.href} target="_blank" rel="noopener noreferrer" className="text-sky-400 underline">
          {piece.text}
        </a>
      );
    }
    if (piece.kind === 'mention') {
      return (
        <span key={index} data-testid="mention" className="rounded bg-primary/20 px-0.5 font-medium text-primary">
          {piece.text}
        </span>
      );
    }
    return piece.text;
  });
}
