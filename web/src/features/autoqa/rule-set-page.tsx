import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { QueryState } from '../../components/query-state';
import { formatNumber, formatPercent } from '../../lib/format';
import { useSession } from '../../lib/session';
import { FindingsList, scrollToTurn, TranscriptView, type ShownFinding } from '../../components/transcript-view';
import { ruleInput, type AutoqaRule, type ContactChannel, type PreviewResult, type Rescoring, type RuleSet } from './api/autoqa-types';
import { isRescoringActive, useRescoring } from './api/get-rescoring';
import { useRuleSet } from './api/get-rule-set';
import { usePreviewTranscript } from './api/preview-transcript';
import { useSaveRuleSet } from './api/save-rule-set';
import { parseTranscript, type PasteError } from './parse-transcript';

const CHANNELS: ContactChannel[] = ['phone', 'chat', 'email', 'wechat', 'video'];

/** One phrase a line in the editor; blank lines and surrounding spaces dropped. */
export const phrasesFromText = (text: string) =>
  text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');

/** `/autoqa/rules`: the newest rule set; admins save a new version, admins and supervisors try it on a pasted transcript. */
export function RuleSetPage() {
  const ruleSet = useRuleSet();
  // Held here: the editor remounts on the new version and still says it was saved.
  const save = useSaveRuleSet();
  return (
    <div className="page">
      <QueryState query={ruleSet}>{(set) => <RuleSetEditor key={set.version} set={set} save={save} />}</QueryState>
    </div>
  );
}

function RuleSetEditor({ set, save }: { set: RuleSet; save: ReturnType<typeof useSaveRuleSet> }) {
  const { t } = useTranslation();
  const user = useSession();
  const isAdmin = user.role === 'admin';
  const rescoring = useRescoring();
  const [rules, setRules] = useState<AutoqaRule[]>(() => structuredClone(set.rules));
  // Discarding remounts the editors so their phrase text areas show the saved lists again.
  const [revision, setRevision] = useState(0);
  const dirty = JSON.stringify(rules) !== JSON.stringify(set.rules);
  const update = (i: number, patch: Partial<AutoqaRule>) => setRules((rs) => rs.map((r, j) => (j === i ? ({ ...r, ...patch } as AutoqaRule) : r)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isAdmin || !dirty) return;
    save.mutate(rules);
  };

  return (
    <>
      <header className="page-header">
        <div>
          <h1>{t('autoqa.rulesTitle')}</h1>
          <p className="muted">
            <span data-testid="rule-set-version">{t('autoqa.version', { version: set.version })}</span> · {t('autoqa.rulesSubtitle')}
          </p>
        </div>
        <div className="actions">
          <Link className="btn" to="/autoqa/agreement">
            {t('nav.autoqaAgreement')}
          </Link>
        </div>
      </header>
      {!isAdmin && (
        <p className="notice" role="note">
          {t('autoqa.readOnly')}
        </p>
      )}
      <RescoringState rescoring={rescoring.data} version={set.version} />
      <form className="rule-editor" onSubmit={submit} aria-label={t('autoqa.rulesTitle')}>
        <fieldset className="plain" disabled={!isAdmin}>
          {rules.map((rule, i) => (
            <RuleEditor key={`${revision}-${rule.key}`} rule={rule} onChange={(patch) => update(i, patch)} />
          ))}
        </fieldset>
        {isAdmin && (
          <div className="actions">
            <button type="submit" className="btn primary" disabled={!dirty || save.isPending}>
              {t('autoqa.saveVersion', { version: set.version + 1 })}
            </button>
            <button type="button" className="btn" disabled={!dirty} onClick={() => {
                setRules(structuredClone(set.rules));
                setRevision((r) => r + 1);
              }}>
              {t('autoqa.discard')}
            </button>
            {save.isError && (
              <span role="alert" className="error-text">
                {save.error.message}
              </span>
            )}
            {save.isSuccess && !dirty && <span className="success-text">{t('autoqa.savedVersion', { version: set.version })}</span>}
          </div>
        )}
      </form>
      {(isAdmin || user.role === 'supervisor') && <TryIt rules={rules} />}
    </>
  );
}

function RescoringState({ rescoring, version }: { rescoring: Rescoring | undefined; version: number }) {
  const { t, i18n } = useTranslation();
  if (!rescoring) return null;
  if (isRescoringActive(rescoring)) {
    const progress = rescoring.progress;
    return (
      <section className="card progress" aria-label={t('autoqa.rescoring')}>
        <div className="progress-label">
          <span>{t('autoqa.rescoringTo', { version: rescoring.ruleSetVersion })}</span>
          <span>
            {formatNumber(rescoring.done, i18n.language)} / {formatNumber(rescoring.total, i18n.language)} · {formatPercent(progress, i18n.language, 0)}
          </span>
        </div>
        <div className="progress-track" role="progressbar" aria-label={t('autoqa.rescoring')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)}>
          <div className="progress-fill" style={{ width: `${Math.round(progress * 100)}%` }} />
        </div>
      </section>
    );
  }
  if (rescoring.error) return <p className="notice error-text">{t('autoqa.rescoringFailed', { version: rescoring.figuresVersion })}</p>;
  return <p className="muted small">{t('autoqa.allScored', { version: rescoring.figuresVersion ?? version })}</p>;
}

function PhraseField({ label, value, onChange }: { label: string; value: string[]; onChange: (v: string[]) => void }) {
  const [text, setText] = useState(value.join('\n'));
  return (
    <label className="phrase-field">
      {label}
      <textarea
        rows={Math.min(8, Math.max(3, value.length))}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(phrasesFromText(e.target.value));
        }}
      />
    </label>
  );
}

function RuleEditor({ rule, onChange }: { rule: AutoqaRule; onChange: (patch: Partial<AutoqaRule>) => void }) {
  const { t } = useTranslation();
  const channels = rule.channels ?? [];
  const toggleChannel = (c: ContactChannel) => {
    const next = channels.includes(c) ? channels.filter((x) => x !== c) : [...channels, c];
    onChange({ channels: next.length === 0 ? null : next });
  };
  return (
    <section className="card rule-card" aria-labelledby={`rule-${rule.key}`} data-rule={rule.key}>
      <header className="card-header">
        <h2 id={`rule-${rule.key}`}>
          {t(`autoqa.rules.${rule.key}`, { defaultValue: rule.key })} <code>{rule.key}</code>
        </h2>
        <span className="tag">{t(`autoqa.kinds.${rule.kind}`)}</span>
      </header>
      <div className="form-row">
        <label className="field-inline">
          <span>{t('autoqa.weight')}</span>
          <input type="number" min={0} step={1} value={rule.weight} onChange={(e) => onChange({ weight: Number(e.target.value) })} />
        </label>
        <label className="check">
          <input type="checkbox" checked={rule.critical} onChange={(e) => onChange({ critical: e.target.checked })} />
          {t('qa.critical')}
        </label>
        <fieldset className="channel-set">
          <legend className="small muted">{t('autoqa.channels')}</legend>
          {CHANNELS.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" checked={channels.includes(c)} onChange={() => toggleChannel(c)} />
              {t(`calls.channels.${c}`)}
            </label>
          ))}
          {channels.length === 0 && <span className="muted small">{t('autoqa.allChannels')}</span>}
        </fieldset>
        {rule.formItem && (
          <span className="muted small" title={rule.formItem}>
            {t('autoqa.formItem')}: {rule.formItemText ?? rule.formItem}
          </span>
        )}
      </div>
      {(rule.kind === 'required' || rule.kind === 'pattern') && (
        <div className="form-row">
          <label className="field-inline">
            <span>{t('autoqa.where')}</span>
            <select value={rule.where} onChange={(e) => onChange({ where: e.target.value as 'first' | 'last' })}>
              <option value="first">{t('autoqa.first')}</option>
              <option value="last">{t('autoqa.last')}</option>
            </select>
          </label>
          <label className="field-inline">
            <span>{t('autoqa.turns')}</span>
            <input type="number" min={1} step={1} value={rule.turns} onChange={(e) => onChange({ turns: Number(e.target.value) })} />
          </label>
        </div>
      )}
      {rule.kind === 'conditional' && (
        <>
          <PhraseField label={t('autoqa.triggers')} value={rule.triggers} onChange={(triggers) => onChange({ triggers })} />
          <label className="field-inline">
            <span>{t('autoqa.within')}</span>
            <input type="number" min={1} step={1} value={rule.within} onChange={(e) => onChange({ within: Number(e.target.value) })} />
          </label>
        </>
      )}
      {(rule.kind === 'required' || rule.kind === 'forbidden' || rule.kind === 'conditional') && <PhraseField label={t('autoqa.phrases')} value={rule.phrases} onChange={(phrases) => onChange({ phrases })} />}
      {rule.kind === 'pattern' && (
        <label>
          {t('autoqa.regex')}
          <input className="mono" value={rule.regex} onChange={(e) => onChange({ regex: e.target.value })} />
        </label>
      )}
      {rule.kind === 'response_time' && (
        <label className="field-inline">
          <span>{t('autoqa.seconds')}</span>
          <input type="number" min={0} step={1} value={rule.seconds} onChange={(e) => onChange({ seconds: Number(e.target.value) })} />
        </label>
      )}
    </section>
  );
}

const SAMPLE = 'agent: 您好，请问有什么可以帮您？\ncustomer: 我要投诉，你们太慢了\n[00:40] agent: 非常抱歉，我们会在3个工作日内给您回复\nagent: 请问还有什么可以帮您？';

/** Paste a transcript, see what the rules as edited would find, with the words highlighted. */
function TryIt({ rules }: { rules: AutoqaRule[] }) {
  const { t, i18n } = useTranslation();
  const preview = usePreviewTranscript();
  const [text, setText] = useState('');
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [errors, setErrors] = useState<PasteError[]>([]);
  const [tried, setTried] = useState<{ turns: ReturnType<typeof parseTranscript>['turns']; result: PreviewResult } | null>(null);
  const [activeRule, setActiveRule] = useState<string | null>(null);

  const run = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseTranscript(text);
    setErrors(parsed.errors);
    if (parsed.errors.length > 0 || parsed.turns.length === 0) return;
    preview.mutate({ channel, turns: parsed.turns, rules: rules.map(ruleInput) }, { onSuccess: (result) => setTried({ turns: parsed.turns, result }) });
  };
  const select = (f: ShownFinding) => {
    setActiveRule(f.rule);
    if (f.evidence[0]) scrollToTurn('preview', f.evidence[0].seq);
  };

  return (
    <section className="card try-it" aria-labelledby="try-it-title">
      <h2 id="try-it-title">{t('autoqa.tryIt')}</h2>
      <form onSubmit={run} className="try-it-form">
        <p className="muted small">{t('autoqa.tryItHint')}</p>
        <label>
          {t('autoqa.pasteTranscript')}
          <textarea rows={8} value={text} placeholder={SAMPLE} onChange={(e) => setText(e.target.value)} />
        </label>
        <div className="actions">
          <label className="field-inline">
            <span>{t('calls.channel')}</span>
            <select value={channel} onChange={(e) => setChannel(e.target.value as ContactChannel)}>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`calls.channels.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn primary" disabled={preview.isPending || text.trim() === ''}>
            {t('autoqa.runTry')}
          </button>
        </div>
        {errors.length > 0 && (
          <ul className="error-text small" role="alert">
            {errors.map((er) => (
              <li key={er.line}>{t(`autoqa.pasteErrors.${er.code}`, { line: er.line, value: er.value })}</li>
            ))}
          </ul>
        )}
        {preview.isError && (
          <p role="alert" className="error-text">
            {preview.error.message}
          </p>
        )}
      </form>
      {tried && (
        <div className="try-it-result" data-testid="try-it-result">
          <p>
            {t('calls.autoqaScore')}: <strong>{formatNumber(tried.result.score, i18n.language, 1)}</strong>
            {tried.result.autoFail && <span className="tag danger">{t('qa.autoFail')}</span>}
          </p>
          <div className="call-grid transcript-grid">
            <TranscriptView turns={tried.turns} findings={tried.result.findings} activeRule={activeRule} idPrefix="preview" />
            <FindingsList findings={tried.result.findings} activeRule={activeRule} onSelect={select} />
          </div>
        </div>
      )}
    </section>
  );
}
