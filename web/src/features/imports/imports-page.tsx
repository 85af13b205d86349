import { useOrgTimeZone } from '../settings/api/get-settings';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorNote, QueryState } from '../../components/query-state';
import { downloadFile } from '../../lib/api-client';
import { invalidateAfter } from '../../lib/invalidation';
import { formatDateTime, formatNumber, formatPercent } from '../../lib/format';
import { useCreateImport } from './api/create-import';
import { useImport } from './api/get-import';
import type { ImportJob, ImportKind, ImportMapping, ImportPreview } from './api/import-types';
import { useImports } from './api/list-imports';
import { usePreviewImport } from './api/preview-import';

const KINDS: ImportKind[] = ['calls', 'surveys', 'agents', 'evaluations', 'transcripts', 'complaints'];

export function ImportsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [kind, setKind] = useState<ImportKind>('calls');
  const [file, setFile] = useState<File | null>(null);
  // The user's mapping file (e.g. docs/mappings/anonymous-bank.json) and their column choices on top of it.
  const [mappingFile, setMappingFile] = useState<{ name: string; mapping: ImportMapping } | null>(null);
  const [mappingFileError, setMappingFileError] = useState<string | null>(null);
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [onError, setOnError] = useState<'reject' | 'skip'>('reject');
  const [dragging, setDragging] = useState(false);
  const [upload, setUpload] = useState<number | null>(null);
  const [dryRun, setDryRun] = useState<ImportJob | null>(null);
  const [jobId, setJobId] = useState<number | string | undefined>();
  const create = useCreateImport();
  const job = useImport(jobId);
  const inputRef = useRef<HTMLInputElement>(null);

  const mapping = useMemo<ImportMapping | undefined>(() => {
    const chosen = Object.fromEntries(Object.entries(overrides).filter(([, col]) => col));
    if (!mappingFile && !Object.keys(chosen).length) return undefined;
    return { ...mappingFile?.mapping, columns: { ...mappingFile?.mapping.columns, ...chosen } };
  }, [mappingFile, overrides]);
  const preview = usePreviewImport(file ? { file, kind, mapping } : null);

  const choose = (f: File | undefined) => {
    if (!f) return;
    setFile(f);
    setOverrides({});
    setDryRun(null);
    setJobId(undefined);
    setUpload(null);
  };
  // Overrides name the previous kind's fields.
  const chooseKind = (next: ImportKind) => {
    setKind(next);
    setOverrides({});
  };
  const chooseMappingFile = async (f: File | undefined) => {
    setMappingFileError(null);
    if (!f) return setMappingFile(null);
    try {
      setMappingFile({ name: f.name, mapping: JSON.parse(await readText(f)) as ImportMapping });
    } catch (e) {
      setMappingFile(null);
      setMappingFileError(`${f.name}: ${(e as Error).message}`);
    }
  };

  const done = job.data?.status === 'succeeded' || job.data?.status === 'failed';
  useEffect(() => {
    if (done) void invalidateAfter(qc, 'import');
  }, [done, qc]);

  const start = (isDryRun: boolean) => {
    if (!file) return;
    setUpload(0);
    setDryRun(null);
    setJobId(undefined);
    create.mutate(
      { file, kind, onError, dryRun: isDryRun, mapping, onUploadProgress: setUpload },
      { onSuccess: (j) => (isDryRun ? setDryRun(j) : setJobId(j.id)) },
    );
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void choose(e.dataTransfer.files[0]);
  };

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{t('imports.title')}</h1>
          <p className="muted">{t('imports.subtitle')}</p>
        </div>
      </header>
      <section className="card">
        <div className="form-row">
          <label className="field-inline">
            <span>{t('imports.kind')}</span>
            <select value={kind} onChange={(e) => chooseKind(e.target.value as ImportKind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`imports.kinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field-inline">
            <span>{t('imports.onError')}</span>
            <select value={onError} onChange={(e) => setOnError(e.target.value as 'reject' | 'skip')}>
              <option value="reject">{t('imports.reject')}</option>
              <option value="skip">{t('imports.skip')}</option>
            </select>
          </label>
        </div>
        <div
          className={`dropzone${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          onClick={() => inputRef.current?.click()}
          onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && inputRef.current?.click()}
          role="button"
          tabIndex={0}
        >
          <input ref={inputRef} type="file" accept=".csv,.tsv,.txt,.xlsx,.jsonl,.ndjson" hidden data-testid="file-input" onChange={(e) => void choose(e.target.files?.[0])} />
          <p className="drop-icon" aria-hidden="true">
            ⇪
          </p>
          <p>{file ? <strong>{file.name}</strong> : t('imports.drop')}</p>
          <p className="muted small">{file ? `${formatNumber(file.size / 1024, 'en', 1)} KB` : t('imports.formats')}</p>
        </div>
      </section>

      {file && (
        <section className="card" aria-labelledby="mapping-title">
          <h2 id="mapping-title">{t('imports.mapping')}</h2>
          <label className="field-inline">
            <span>{t('imports.mappingFile')}</span>
            <input type="file" accept=".json,application/json" data-testid="mapping-input" onChange={(e) => void chooseMappingFile(e.target.files?.[0])} />
          </label>
          {mappingFileError && <p className="notice">{mappingFileError}</p>}
          <QueryState query={preview}>{(p) => <PreviewView preview={p} overrides={overrides} onOverride={(field, col) => setOverrides((o) => ({ ...o, [field]: col }))} />}</QueryState>
        </section>
      )}

      {file && (
        <div className="actions">
          <button type="button" className="btn" onClick={() => start(true)} disabled={create.isPending}>
            {t('imports.dryRun')}
          </button>
          <button type="button" className="btn primary" onClick={() => start(false)} disabled={create.isPending || (job.data !== undefined && !done)}>
            {t('imports.start')}
          </button>
        </div>
      )}

      {(upload !== null || job.data) && (
        <section className="card" aria-labelledby="progress-title">
          <h2 id="progress-title">{t('imports.progress')}</h2>
          <ProgressBar label={t('imports.uploading')} value={upload ?? 1} />
          {job.data && <ProgressBar label={t(`imports.statuses.${job.data.status}`)} value={job.data.status === 'succeeded' || job.data.status === 'failed' ? 1 : job.data.progress} tone={job.data.status === 'failed' ? 'bad' : undefined} />}
          {job.isError && <ErrorNote error={job.error} />}
        </section>
      )}
      {create.isError && <ErrorNote error={create.error} />}
      {dryRun && <ImportResult job={dryRun} dryRun />}
      {job.data && done && <ImportResult job={job.data} />}
      <ImportHistory />
    </div>
  );
}

function ProgressBar({ label, value, tone }: { label: string; value: number; tone?: 'bad' }) {
  const { i18n } = useTranslation();
  const pct = Math.max(0, Math.min(1, value));
  return (
    <div className="progress">
      <div className="progress-label">
        <span>{label}</span>
        <span>{formatPercent(pct, i18n.language, 0)}</span>
      </div>
      <div className={`progress-track${tone ? ` ${tone}` : ''}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct * 100)}>
        <div className="progress-fill" style={{ width: `${pct * 100}%` }} />
      </div>
    </div>
  );
}

export function ImportResult({ job, dryRun = false }: { job: ImportJob; dryRun?: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const counts: Array<[string, number]> = [
    ['rowsTotal', job.rowsTotal],
    ['rowsInserted', job.rowsInserted],
    ['rowsUpdated', job.rowsUpdated],
    ['rowsUnchanged', job.rowsUnchanged],
    ['rowsSkipped', job.rowsSkipped],
    ['rowsRejected', job.rowsRejected],
  ];
  return (
    <section className={`card result ${job.status}`} aria-labelledby="result-title" data-testid="import-result">
      <h2 id="result-title">
        {dryRun || job.dryRun ? t('imports.dryRunResult') : t('imports.result')} — <span className={`tag status-${job.status}`}>{t(`imports.statuses.${job.status}`)}</span>
      </h2>
      <dl className="counts">
        {counts.map(([k, v]) => (
          <div key={k}>
            <dt>{t(`imports.counts.${k}`)}</dt>
            <dd>{formatNumber(v ?? 0, lng)}</dd>
          </div>
        ))}
      </dl>
      {job.dateRange && (
        <p data-testid="import-date-range">
          {t('imports.dateRange', { from: job.dateRange.from, to: job.dateRange.to })}{' '}
          <Link to={`/?from=${job.dateRange.from}&to=${job.dateRange.to}`}>{t('imports.openDashboard')}</Link>
        </p>
      )}
      {job.newAgents?.length > 0 && <p className="notice">{t('imports.newAgents', { count: job.newAgents.length, codes: job.newAgents.slice(0, 20).join(', ') })}</p>}
      <MissingFields fields={job.missingFields} />
      {job.errors?.length > 0 && (
        <>
          <div className="table-scroll">
            <table className="data-table compact">
              <caption className="muted small">{t('imports.errorsCaption', { count: job.rowsRejected })}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">{t('imports.row')}</th>
                  <th scope="col">{t('imports.column')}</th>
                  <th scope="col">{t('imports.value')}</th>
                  <th scope="col">{t('imports.message')}</th>
                </tr>
              </thead>
              <tbody>
                {job.errors.slice(0, 50).map((e, i) => (
                  <tr key={i}>
                    <td className="num">{e.row}</td>
                    <td>
                      <code>{e.column ?? ''}</code>
                    </td>
                    <td>{e.value ?? ''}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!dryRun && (
            <button type="button" className="btn small" onClick={() => void downloadFile(`/imports/${job.id}/errors.csv`)}>
              ↓ {t('imports.errorsCsv')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function ImportHistory() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const list = useImports();
  const tz = useOrgTimeZone();
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">{t('imports.history')}</h2>
      <QueryState query={list} empty={(d) => d.length === 0} emptyText={t('imports.noHistory')}>
        {(items) => (
          <div className="table-scroll">
            <table className="data-table compact">
              <thead>
                <tr>
                  <th scope="col">{t('imports.when')}</th>
                  <th scope="col">{t('imports.kind')}</th>
                  <th scope="col">{t('imports.file')}</th>
                  <th scope="col">{t('qa.status')}</th>
                  <th scope="col" className="num">{t('imports.counts.rowsTotal')}</th>
                  <th scope="col" className="num">{t('imports.counts.rowsRejected')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.slice(0, 30).map((j) => (
                  <tr key={j.id}>
                    <td>{formatDateTime(j.createdAt ?? null, lng, tz)}</td>
                    <td>{t(`imports.kinds.${j.kind}`)}</td>
                    <td>{j.fileName ?? '–'}</td>
                    <td>
                      <span className={`tag status-${j.status}`}>{t(`imports.statuses.${j.status}`)}</span>
                      {j.dryRun && <span className="tag dry-run">{t('imports.dryRunTag')}</span>}
                    </td>
                    <td className="num">{formatNumber(j.rowsTotal, lng)}</td>
                    <td className="num">{formatNumber(j.rowsRejected, lng)}</td>
                    <td>
                      {j.rowsRejected > 0 && (
                        <button type="button" className="btn small" onClick={() => void downloadFile(`/imports/${j.id}/errors.csv`)}>
                          ↓ CSV
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}

function MissingFields({ fields }: { fields: ImportJob['missingFields'] | undefined }) {
  const { t } = useTranslation();
  if (!fields?.length) return null;
  return (
    <div className="notice" data-testid="import-missing-fields">
      <p>{t('imports.missingTitle')}</p>
      <ul>
        {fields.map((f) => (
          <li key={f.field}>
            <code>{f.field}</code> — {t(`imports.missing.${f.field}`, { defaultValue: f.message })}
          </li>
        ))}
      </ul>
    </div>
  );
}

const sourceLabel = (source: string | string[] | null) => (source === null ? '' : Array.isArray(source) ? source.join(' + ') : source);

/** The server's reading of the file: its mapping (changeable per field), the first rows as it parses them, what is missing. */
function PreviewView({ preview, overrides, onOverride }: { preview: ImportPreview; overrides: Record<string, string>; onOverride: (field: string, column: string) => void }) {
  const { t, i18n } = useTranslation();
  const tz = useOrgTimeZone();
  const mapped = preview.fields.filter((f) => f.source !== null);
  const delimiter = preview.delimiter === '\t' ? 'tab' : preview.delimiter;
  const how = preview.mappingApplied ? t('imports.mappingApplied') : preview.presets.length ? t('imports.presetApplied', { presets: preview.presets.join(', ') }) : t('imports.byName');
  return (
    <div data-testid="import-preview">
      <p className="muted small">
        {t('imports.previewSummary', { format: preview.format.toUpperCase(), encoding: preview.encoding ?? '–', delimiter: delimiter ?? '–', count: preview.header.length })} {how}
      </p>
      <div className="mapping-grid">
        {preview.fields.map((f) => {
          const current = overrides[f.field] || sourceLabel(f.source);
          return (
            <label key={f.field} className="mapping-field">
              <span>
                <code>{f.field}</code>
                {f.required && <span className="required">*</span>}
              </span>
              <select value={current} onChange={(e) => onOverride(f.field, e.target.value)} aria-label={f.field}>
                <option value="">{t('imports.notMapped')}</option>
                {Array.isArray(f.source) && <option value={current}>{current}</option>}
                {preview.header.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
      </div>
      {preview.missingRequired.length > 0 && (
        <p className="notice" role="alert">
          {t('imports.missingRequired', { fields: preview.missingRequired.join(', ') })}
        </p>
      )}
      <MissingFields fields={preview.missingFields} />
      <div className="table-scroll">
        <table className="data-table compact preview-table">
          <caption className="muted small">{t('imports.previewCaption')}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('imports.row')}
              </th>
              {mapped.map((f) => (
                <th key={f.field} scope="col">
                  {f.field}
                  <span className="mapped-to">← {sourceLabel(f.source)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr key={r.row} className={r.status === 'ok' ? undefined : `row-${r.status}`}>
                <td className="num">{r.row}</td>
                {r.status === 'ok' && r.values ? (
                  mapped.map((f) => <td key={f.field}>{cellText(r.values![f.field], i18n.language, tz)}</td>)
                ) : (
                  <td colSpan={Math.max(1, mapped.length)}>{r.status === 'skip' ? t('imports.rowSkipped') : r.errors.map((e) => e.message).join(' · ')}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Canonical values as stored: instants shown in the org's time zone, the way the dashboard will count them. */
function cellText(v: unknown, lng: string, tz: string | undefined): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string' && INSTANT.test(v)) return formatDateTime(v, lng, tz);
  return String(v);
}

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}
