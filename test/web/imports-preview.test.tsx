/**
 * The mapping screen shows the server's reading of the file. The answers below are what the
 * server's own preview code (readPreview: the import's reader and parser) gives for the real
 * fixture files, so the page is tested against the server's mapping, not a hand-made guess.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Route, Routes } from 'react-router-dom';
import { parseMapping } from '../../server/modules/ingest/import.dto';
import { readPreview } from '../../server/modules/ingest/import-preview.reader';
import { SessionGate } from '../../web/src/features/auth/session';
import { ImportsPage } from '../../web/src/features/imports/imports-page';
import { mockApi, settings, users } from './support/mock-api';
import { renderWithProviders } from './support/render';

// The server's reader runs inside the test (jsdom) to produce the answers: slower than a mock on a busy machine.
jest.setTimeout(30_000);

const DATASETS = resolve(__dirname, '..', 'fixtures', 'datasets');
const BANK_MAPPING = resolve(__dirname, '..', '..', 'docs', 'mappings', 'anonymous-bank.json');

async function serverPreview(file: string, mappingText?: string) {
  const p = await readPreview({ filePath: `${DATASETS}/${file}`, fileName: file, kind: 'calls', mapping: mappingText ? parseMapping(mappingText) : undefined, orgTimeZone: 'Asia/Shanghai' });
  return JSON.parse(JSON.stringify(p));
}

function renderImports(routes: Record<string, unknown>) {
  const api = mockApi({ 'GET /api/auth/me': users.admin, 'GET /api/settings': settings, 'GET /api/imports': [], ...routes });
  renderWithProviders(
    <SessionGate>
      <Routes>
        <Route path="/imports" element={<ImportsPage />} />
      </Routes>
    </SessionGate>,
    { route: '/imports' },
  );
  return api;
}

describe('import mapping screen (server preview)', () => {
  it('shows the PwC file with the server preset and no false "required field" warning', async () => {
    const pwc = await serverPreview('pwc-call-centre-2021q1.csv');
    const api = renderImports({ 'POST /api/imports/preview': pwc });
    const input = await screen.findByTestId('file-input');
    await userEvent.upload(input, new File([readFileSync(`${DATASETS}/pwc-call-centre-2021q1.csv`)], 'pwc.csv', { type: 'text/csv' }));
    const preview = await screen.findByTestId('import-preview', undefined, { timeout: 8000 });
    expect(within(preview).getByText(/preset pwc-call-centre/)).toBeInTheDocument();
    expect((within(preview).getByLabelText('external_id') as HTMLSelectElement).value).toBe('Call Id');
    expect((within(preview).getByLabelText('started_at') as HTMLSelectElement).value).toBe('Date + Time');
    expect(screen.queryByText(/Required fields not mapped/)).not.toBeInTheDocument();
    // The rows as the server parsed them: ID0001 from Diane, 0:02:23 read as 143 s.
    const table = within(preview).getByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(21);
    expect(within(table).getByText('ID0001')).toBeInTheDocument();
    expect(within(table).getAllByText('143').length).toBeGreaterThan(0);
    const [call] = api.find('POST', '/api/imports/preview');
    const form = call.body as FormData;
    expect([form.get('kind'), form.get('mapping')]).toEqual(['calls', null]);
  });

  it('sends the bank mapping file with the preview and shows the mapping the server applied', async () => {
    const mappingText = readFileSync(BANK_MAPPING, 'utf8');
    const bank = await serverPreview('anonymous-bank-1999-02.tsv', mappingText);
    const bare = await serverPreview('anonymous-bank-1999-02.tsv');
    const api = renderImports({ 'POST /api/imports/preview': (c: { body: unknown }) => ((c.body as FormData).get('mapping') ? bank : bare) });
    // Without its mapping the server cannot find the id and start time, and the page says so.
    await userEvent.upload(await screen.findByTestId('file-input'), new File(['x'], 'bank.tsv'));
    expect(await screen.findByRole('alert', undefined, { timeout: 8000 })).toHaveTextContent('Required fields not mapped: external_id, started_at');
    await userEvent.upload(screen.getByTestId('mapping-input'), new File([mappingText], 'anonymous-bank.json', { type: 'application/json' }));
    await screen.findByText(/Read with your mapping/, undefined, { timeout: 8000 });
    const preview = screen.getByTestId('import-preview');
    expect(within(preview).getByText(/Read with your mapping/)).toBeInTheDocument();
    expect((within(preview).getByLabelText('external_id') as HTMLSelectElement).value).toBe('vru+line + call_id');
    expect((within(preview).getByLabelText('answered') as HTMLSelectElement).value).toBe('outcome');
    expect(screen.queryByText(/Required fields not mapped/)).not.toBeInTheDocument();
    expect(within(preview).getByText('AA0101-34536')).toBeInTheDocument();
    await waitFor(() => expect(api.find('POST', '/api/imports/preview').some((c) => (c.body as FormData).get('mapping') !== null)).toBe(true));
    const sent = api.find('POST', '/api/imports/preview').map((c) => (c.body as FormData).get('mapping')).filter(Boolean);
    expect(JSON.parse(sent[sent.length - 1] as string)).toEqual(JSON.parse(mappingText));
  });

  it('warns about a required field only when the server says it is missing', async () => {
    renderImports({
      'POST /api/imports/preview': {
        kind: 'calls', fileName: 'c.csv', fileSize: 10, format: 'csv', encoding: 'utf8', delimiter: ';', header: ['ref'], presets: [], mappingApplied: false,
        fields: [{ field: 'external_id', required: true, source: null }, { field: 'started_at', required: true, source: null }],
        missingRequired: ['external_id', 'started_at'], missingFields: [], rows: [],
      },
    });
    await userEvent.upload(await screen.findByTestId('file-input'), new File(['ref\n1\n'], 'c.csv'));
    expect(await screen.findByRole('alert', undefined, { timeout: 8000 })).toHaveTextContent('Required fields not mapped: external_id, started_at');
  });
});
