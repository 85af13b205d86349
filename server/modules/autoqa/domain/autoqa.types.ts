/**
 * The AutoQA contract shared by the pure engine (normalise, match, score) and the module that
 * stores transcripts and results. Pure types: nothing from Nest or TypeORM.
 */
export type Speaker = 'agent' | 'customer' | 'system';
export type ContactChannel = 'phone' | 'chat' | 'email' | 'wechat' | 'video';
export type Outcome = 'pass' | 'fail' | 'na';
export type RuleKind = 'required' | 'forbidden' | 'conditional' | 'response_time' | 'pattern';

/** One turn of a transcript; `text` is the imported text verbatim. */
export interface Turn {
  seq: number;
  offsetS: number | null;
  speaker: Speaker;
  text: string;
}

interface RuleCommon {
  /** Stable key (the default set's keys are fixed: reports and the weekly review refer to them). */
  key: string;
  weight: number;
  critical: boolean;
  /** Channels the rule applies to; null or empty = all. */
  channels: ContactChannel[] | null;
  /** The QA form item this rule answers (opaque to the engine: the module maps it to a form item). */
  formItem?: string | null;
}

export type RuleDefinition =
  | (RuleCommon & { kind: 'required'; phrases: string[]; where: 'first' | 'last'; turns: number })
  | (RuleCommon & { kind: 'forbidden'; phrases: string[] })
  | (RuleCommon & { kind: 'conditional'; triggers: string[]; phrases: string[]; within: number })
  | (RuleCommon & { kind: 'response_time'; seconds: number })
  | (RuleCommon & { kind: 'pattern'; regex: string; where: 'first' | 'last'; turns: number });

/** Where the words that decided a finding are: `start`/`end` index the match in the original `text`. */
export interface Evidence {
  seq: number;
  text: string;
  start: number;
  end: number;
}

export interface Finding {
  rule: string;
  outcome: Outcome;
  evidence: Evidence[];
}

export interface ContactResult {
  /** 100 × Σ weight(pass) / Σ weight(pass + fail); null when no rule applies; 0 on auto-fail. */
  score: number | null;
  autoFail: boolean;
  findings: Finding[];
}

export interface Contact {
  channel: ContactChannel;
  turns: Turn[];
}
