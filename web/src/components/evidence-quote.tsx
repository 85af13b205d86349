import { splitHighlights } from '../lib/highlight-spans';

/** One line of evidence quoted as text, the words that decided the finding marked. */
export function EvidenceQuote({ text, start, end }: { text: string; start: number; end: number }) {
  return (
    <q className="turn-quote">
      {splitHighlights(text, [{ start, end, key: 'evidence' }]).map((seg) =>
        seg.marks.length > 0 ? (
          <mark key={seg.start} className="evidence-mark outcome-fail">
            {seg.text}
          </mark>
        ) : (
          <span key={seg.start}>{seg.text}</span>
        ),
      )}
    </q>
  );
}
