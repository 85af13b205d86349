/** Benchmark sizes: the full run is issue 9's scale; --quick is one tenth of it. */
export interface BenchSizes {
  mode: 'full' | 'quick';
  /** rows of the generated call CSV imported through the import service */
  ingestRows: number;
  /** turns of the generated transcripts CSV (imported with and without AutoQA scoring) */
  transcriptTurns: number;
  /** bytes of the CSV uploaded to the spawned server for the peak-RSS case */
  bigImportBytes: number;
  /** the KPI data set (seeded with the demo generator) */
  kpi: { agents: number; teams: number; weeks: number; callsPerAgentPerDay: number; today: string };
  /** agents of the export data set, seeded over one month */
  exportAgents: number;
  httpSeconds: number;
  httpConnections: number;
  /** generated transcript turns scored by the AutoQA case */
  autoqaTurns: number;
}

// A fixed "today" keeps the generated data identical between runs (the seed is deterministic).
const TODAY = '2026-11-16';

export function benchSizes(quick: boolean): BenchSizes {
  return quick
    ? {
        mode: 'quick',
        ingestRows: 100_000,
        transcriptTurns: 100_000,
        bigImportBytes: 20 * 1024 ** 2,
        kpi: { agents: 100, teams: 10, weeks: 52, callsPerAgentPerDay: 32, today: TODAY },
        exportAgents: 500,
        httpSeconds: 5,
        httpConnections: 50,
        autoqaTurns: 100_000,
      }
    : {
        mode: 'full',
        ingestRows: 1_000_000,
        transcriptTurns: 1_000_000,
        bigImportBytes: 1024 ** 3,
        // ~10M calls: 1,000 agents x 364 days x ~27.5 contacts per agent-day (weekends are quieter)
        kpi: { agents: 1000, teams: 100, weeks: 52, callsPerAgentPerDay: 32, today: TODAY },
        exportAgents: 5000,
        httpSeconds: 20,
        httpConnections: 50,
        autoqaTurns: 1_000_000,
      };
}

/** The fixed ranges the KPI and HTTP cases ask for (inside the seeded year, which ends the day before TODAY). */
export const KPI_RANGES = {
  quarter: { from: '2026-06-29', to: '2026-09-27' },
  year: { from: '2025-11-17', to: '2026-11-15' },
  month: { from: '2026-10-01', to: '2026-10-31' },
  scorecard: { from: '2026-08-17', to: '2026-11-15' },
  exportMonth: '2026-10',
} as const;
