import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, type ReplicationMode } from 'typeorm';

/**
 * Dashboard reads on the read replica (DATABASE_READ_URL, TypeORM `replication`), when it is
 * safe: a read goes to the replica only if the replica has replayed the data version the
 * primary is at, so nobody sees an answer older than a write they (or anyone) just made — after
 * an import, the importer's next read finds the replica behind and is served by the primary.
 * Everything else (writes, the data-version read itself) uses the primary: `defaultMode: 'master'`.
 */
@Injectable()
export class ReplicaReads {
  constructor(private readonly db: DataSource) {}

  get configured(): boolean {
    return 'replication' in this.db.options && this.db.options.replication !== undefined;
  }

  /** 'slave' when a replica is set and has replayed `primaryVersion` (settings.data_version on the primary), else 'master'. */
  async modeFor(primaryVersion: number): Promise<ReplicationMode> {
    if (!this.configured) return 'master';
    const qr = this.db.createQueryRunner('slave');
    try {
      const [row] = await qr.query(`SELECT data_version FROM settings WHERE id = 1`);
      return row !== undefined && Number(row.data_version) >= primaryVersion ? 'slave' : 'master';
    } catch {
      // A replica that is down or refusing connections must not take the dashboards with it.
      return 'master';
    } finally {
      await qr.release();
    }
  }

  /** Runs `fn` with a pg client of the chosen side (the query runner's own connection, released after). */
  async withClient<T>(mode: ReplicationMode, fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const qr = this.db.createQueryRunner(mode);
    try {
      const client: PoolClient = await qr.connect();
      return await fn(client);
    } finally {
      await qr.release();
    }
  }
}
