import { useOrgTimeZone } from '../settings/api/get-settings';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, QueryState } from '../../components/query-state';
import { downloadFile } from '../../lib/api-client';
import { formatDateTime, formatNumber, formatPercent } from '../../lib/format';
import { invalidateAfterImport, useCreateImport } from './api/create-import';
import { useImport } from './api/get-import';
import type { ImportJob, ImportKind } from './api/import-keys';
import { useImports } from './api/list-imports';
import { autoMapping, FIELDS, mappingToSend, previewFile, type Preview } from './file-preview';

const KINDS: ImportKind[] = ['calls', 'surveys', 'agents', 'evaluations', 'transcripts', 'complaints'];

export function ImportsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [kind, setKind] = useState<ImportKind>('calls');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [onError, setOnError] = useState<'reject' | 'skip'>('reject');
  const [dragging, setDragging] = useState(false);
  const [upload, setUpload] = useState<number | null>(null);
  const [dryRun, setDryRun] = useState<ImportJob | null>(null);
  const [jobId, setJobId] = useState<number | string | undefined>();
  const create = useCreateImport();
  const job = useImport(jobId);
  const inputRef = useRef<HTMLInputElement>(null);

  const choose = async (f: File | undefined) => {
    if (!f) return;
    setFile(f);
    setDryRun(null);
    setJobId(undefined);
    setUpload(null);
    const p = await previewFile(f).catch(() => null);
    setPreview(p);
    setMapping(p ? autoMapping(kind, p.columns) : {});
  };
  useEffect(() => {
    if (preview) setMapping(autoMapping(kind, preview.columns));
  }, [kind, preview]);

  const done = job.data?.status === 'succeeded' || job.data?.status === 'failed';
  useEffect(() => {
    if (done) invalidateAfterImport(qc);
  }, [done, qc]);

  const start = (isDryRun: boolean) => {
    if (!file) return;
    const columns = mappingToSend(mapping);
    setUpload(0);
    setDryRun(null);
    setJobId(undefined);
    create.mutate(
      { file, kind, onError, dryRun: isDryRun, mapping: columns ? { columns } : undefined, onUploadProgress: setUpload },
      { onSuccess: (j) => (isDryRun ? setDryRun(j) : setJobId(j.id)) },
    );
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void choose(e.dataTransfer.files[0]);
  };
  const fields = [...FIELDS[kind].required, ...FIELDS[kind].optional];
  const missingRequired = preview ? FIELDS[kind].required.filter((f) => !mapping[f]) : [];

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
            <select value={kind} onChange={(e) => setKind(e.target.value as ImportKind)}>
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
          aria-label={t('imports.drop')}
        >
          <input ref={inputRef} type="file" accept=".csv,.txt,.xlsx,.jsonl,.ndjson" hidden data-testid="file-input" onChange={(e) => void choose(e.target.files?.[0])} />
          <p className="drop-icon" aria-hidden="true">
            ⇪
          </p>
          <p>{file ? <strong>{file.name}</strong> : t('imports.drop')}</p>
          <p className="muted small">{file ? `${formatNumber(file.size / 1024, 'en', 1)} KB` : t('imports.formats')}</p>
        </div>
      </section>

      {file && preview && (
        <section className="card" aria-labelledby="mapping-title">
          <h2 id="mapping-title">{t('imports.mapping')}</h2>
          <p className="muted small">{t('imports.mappingHint', { count: preview.columns.length })}</p>
          <div className="mapping-grid">
            {fields.map((f) => (
              <label key={f} className="mapping-field">
                <span>
                  <code>{f}</code>
                  {FIELDS[kind].required.includes(f) && <span className="required">*</span>}
                </span>
                <select value={mapping[f] ?? ''} onChange={(e) => setMapping((m) => ({ ...m, [f]: e.target.value }))} aria-label={f}>
                  <option value="">{t('imports.notMapped')}</option>
                  {preview.columns.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <div className="table-scroll">
            <table className="data-table compact preview-table">
              <caption className="muted small">{t('imports.previewCaption')}</caption>
              <thead>
                <tr>
                  {preview.columns.map((c) => (
                    <th key={c} scope="col">
                      {c}
                      {Object.entries(mapping).find(([, src]) => src === c) && <span className="mapped-to">→ {Object.entries(mapping).find(([, src]) => src === c)![0]}</span>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r, i) => (
                  <tr key={i}>
                    {preview.columns.map((_, j) => (
                      <td key={j}>{r[j] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {missingRequired.length > 0 && <p className="notice">{t('imports.missingRequired', { fields: missingRequired.join(', ') })}</p>}
        </section>
      )}
      {file && !preview && <p className="notice">{t('imports.noPreview')}</p>}

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
        {dryRun ? t('imports.dryRunResult') : t('imports.result')} — <span className={`tag status-${job.status}`}>{t(`imports.statuses.${job.status}`)}</span>
      </h2>
      <dl className="counts">
        {counts.map(([k, v]) => (
          <div key={k}>
            <dt>{t(`imports.counts.${k}`)}</dt>
            <dd>{formatNumber(v ?? 0, lng)}</dd>
          </div>
        ))}
      </dl>
      {job.newAgents?.length > 0 && <p className="notice">{t('imports.newAgents', { count: job.newAgents.length, codes: job.newAgents.slice(0, 20).join(', ') })}</p>}
      {job.missingFields?.length > 0 && (
        <div className="notice" data-testid="import-missing-fields">
          <p>{t('imports.missingTitle')}</p>
          <ul>
            {job.missingFields.map((f) => (
              <li key={f.field}>
                <code>{f.field}</code> — {t(`imports.missing.${f.field}`, { defaultValue: f.message })}
              </li>
            ))}
          </ul>
        </div>
      )}
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
                  <th scope="col" />
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
