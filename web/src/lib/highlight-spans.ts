/** One run of a turn's text, with the marks (evidence keys) that cover every character of it. */
export interface Segment {
  text: string;
  start: number;
  end: number;
  marks: string[];
}

export interface Span {
  start: number;
  end: number;
  /** which finding the span is evidence for */
  key: string;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** A boundary inside a surrogate pair moves outward, so no segment ever holds half a character. */
function snap(text: string, i: number, direction: -1 | 1): number {
  if (i <= 0 || i >= text.length) return i;
  return isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i)) ? i + direction : i;
}

/**
 * Cuts a turn's original text at every span boundary (UTF-16 indices, as JavaScript strings
 * count them: the engine's `start`/`end`). Overlapping and adjacent spans give separate runs,
 * each carrying every key that covers it; spans out of range are clamped, empty ones dropped.
 * The runs are plain strings: the caller renders them as React text, never as markup.
 */
export function splitHighlights(text: string, spans: readonly Span[]): Segment[] {
  const clean = spans
    .map((s) => ({ key: s.key, start: snap(text, Math.max(0, Math.min(text.length, s.start)), -1), end: snap(text, Math.max(0, Math.min(text.length, s.end)), 1) }))
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start);
  const cuts = [...new Set([0, text.length, ...clean.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i];
    const end = cuts[i + 1];
    const marks = [...new Set(clean.filter((s) => s.start <= start && s.end >= end).map((s) => s.key))];
    segments.push({ text: text.slice(start, end), start, end, marks });
  }
  return segments;
}
