// By path: the tests' global setup migrates without the @app aliases.
import { processLogger } from '../../config/src/process-logger';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's migration messages (a failed one) and warnings (the migrations' own: no rum index) as
 * the process's JSON lines: its default logger printed them as coloured text whatever the logging
 * option. The rest stays off, as it was: a failed statement is the caller's to report (a 409, a 503
 * with its cause, a 500 with an id).
 */
export class TypeOrmJsonLogger implements TypeOrmLogger {
  private readonly logger = processLogger();

  logMigration(message: string): void {
    this.logger.log(message, 'Migrations');
  }

  logQuery(): void {}

  logQueryError(): void {}

  logQuerySlow(): void {}

  logSchemaBuild(): void {}

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(message, 'Migrations');
  }
}
