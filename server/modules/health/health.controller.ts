import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/auth.decorators';

/** A database that does not answer within this long is reported down (a hung server or a full pool must not hang the probe). */
export const HEALTH_DB_TIMEOUT_MS = 3000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly db: DataSource) {}

  @Public()
  @Get()
  @HttpCode(200)
  async health() {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), HEALTH_DB_TIMEOUT_MS);
    });
    const probe = this.db.query('SELECT 1');
    probe.catch(() => undefined);
    try {
      await Promise.race([probe, timeout]);
    } catch {
      throw new ServiceUnavailableException({ status: 'degraded', db: 'down', message: 'The database does not answer.' });
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ok', db: 'up' };
  }
}
