import type { DataSource } from 'typeorm';

export interface DemoLogin {
  role: 'admin' | 'hr' | 'supervisor' | 'agent';
  email: string;
  password: string;
  description: string;
}

export interface DemoOptions {
  /** Last day of data is the day before this local date (YYYY-MM-DD). */
  today: string;
  agents?: number;
  weeks?: number;
  seed?: number;
}

export interface DemoSummary {
  agents: number;
  calls: number;
  surveys: number;
  evaluations: number;
}

export const DEMO_PASSWORD = 'callscope-demo';

export const DEMO_LOGINS: DemoLogin[] = [
  { role: 'admin', email: 'admin@demo.callscope.dev', password: DEMO_PASSWORD, description: 'Administrator' },
];

// Placeholder until the generator lands (seeds issue work in progress).
export async function seedDemo(db: DataSource, options: DemoOptions): Promise<DemoSummary> {
  void db;
  void options;
  return { agents: 0, calls: 0, surveys: 0, evaluations: 0 };
}
