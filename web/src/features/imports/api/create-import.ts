import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, BASE_HEADERS } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';
import { importKeys } from '../../../lib/query-keys';
import type { ImportJob, ImportKind, ImportMapping } from './import-types';

export interface CreateImportInput {
  file: File;
  kind: ImportKind;
  mapping?: ImportMapping;
  onError: 'reject' | 'skip';
  dryRun: boolean;
  /** 0..1 as the file goes up */
  onUploadProgress?: (fraction: number) => void;
}

/**
 * Multipart upload through XMLHttpRequest, the one browser API that reports upload progress.
 * Answers the job as first reported (202 { id, status }) or, for a dry run, the final job.
 */
export function createImport(input: CreateImportInput): Promise<ImportJob> {
  const form = new FormData();
  form.append('kind', input.kind);
  form.append('onError', input.onError);
  if (input.dryRun) {
    form.append('dryRun', 'true');
    form.append('wait', 'true');
  }
  if (input.mapping) form.append('mapping', JSON.stringify(input.mapping));
  form.append('file', input.file, input.file.name);

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    for (const [k, v] of Object.entries(BASE_HEADERS)) xhr.setRequestHeader(k, v);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) input.onUploadProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        input.onUploadProgress?.(1);
        resolve(body as ImportJob);
      } else {
        const m = (body as { message?: unknown } | undefined)?.message;
        reject(new ApiError(xhr.status, typeof m === 'string' ? m : Array.isArray(m) ? m.join('; ') : xhr.statusText || `HTTP ${xhr.status}`, body));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'The upload did not reach the server (network error).'));
    xhr.send(form);
  });
}

export function useCreateImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createImport,
    onSuccess: (job) => {
      qc.setQueryData(importKeys.job(job.id), job);
      void invalidateAfter(qc, 'importStarted');
    },
  });
}

