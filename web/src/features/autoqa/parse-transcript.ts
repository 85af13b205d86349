import type { Speaker, Turn } from '../../../../server/modules/autoqa/domain/autoqa.types';
import { FIELDS } from '../../../../server/modules/ingest/domain/import-fields';

export interface PasteError {
  /** 1-based line of the pasted text */
  line: number;
  code: 'no_speaker' | 'bad_offset';
  value: string;
}

export interface ParsedTranscript {
  turns: Turn[];
  errors: PasteError[];
}

// The speaker names the transcripts import understands (坐席, 客户, 系统, caller…): one list for both.
const speakerType = FIELDS.transcripts.find((f) => f.name === 'speaker')?.type;
const SPEAKERS: Record<string, Speaker> = {
  agent: 'agent',
  customer: 'customer',
  system: 'system',
  ...(speakerType?.t === 'enum' ? (speakerType.synonyms as Record<string, Speaker>) : {}),
};

// [mm:ss], [h:mm:ss] or [seconds] first, then the speaker and a colon (ASCII or full-width).
const LINE = /^\s*(?:\[([^\]]*)\]\s*)?([A-Za-z]+|[\u4e00-\u9fff]{2,3})\s*[:：]\s?(.*)$/;

function parseOffset(raw: string): number | null {
  const s = raw.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$/.exec(s);
  if (!m) return null;
  const [h, mm, ss] = [Number(m[1] ?? 0), Number(m[2]), Number(m[3])];
  return mm < 60 && ss < 60 ? h * 3600 + mm * 60 + ss : null;
}

/**
 * A transcript pasted into the rule editor's "try it" box: one turn a line, `agent: 您好…`,
 * `customer: …`, `system: …` (or the import's names: 坐席 / 客户 / 系统…), optionally led by an offset `[00:12]`.
 * A line without a speaker continues the turn above it; before the first turn it is an error.
 * Blank lines are ignored; `seq` counts the turns from 0.
 */
export function parseTranscript(text: string): ParsedTranscript {
  const turns: Turn[] = [];
  const errors: PasteError[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const m = LINE.exec(line);
    const speaker = m ? SPEAKERS[m[2].toLowerCase()] : undefined;
    if (!m || !speaker) {
      const last = turns[turns.length - 1];
      if (last) last.text += `\n${line}`;
      else errors.push({ line: i + 1, code: 'no_speaker', value: line });
      return;
    }
    let offsetS: number | null = null;
    if (m[1] !== undefined) {
      offsetS = parseOffset(m[1]);
      if (offsetS === null) {
        errors.push({ line: i + 1, code: 'bad_offset', value: m[1] });
        return;
      }
    }
    turns.push({ seq: turns.length, offsetS, speaker, text: m[3] });
  });
  return { turns, errors };
}
