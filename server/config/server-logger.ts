import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/** Nest's own start-up lines: one per module and one per route, about 105 in all. */
const STARTUP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/**
 * The server's logger: Nest's start-up lines are debug output, so what `npm start` shows is the
 * database, the migrations, the demo logins and the URL, last. CALLSCOPE_DEBUG shows them again.
 */
export class ServerLogger extends ConsoleLogger {
  constructor(debug = Boolean(process.env.CALLSCOPE_DEBUG)) {
    const levels: LogLevel[] = debug ? ['log', 'warn', 'error', 'debug'] : ['log', 'warn', 'error'];
    super({ logLevels: levels });
  }

  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) return this.debug(message, ...rest);
    super.log(message, ...rest);
  }
}
