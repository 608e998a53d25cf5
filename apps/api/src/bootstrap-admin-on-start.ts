import { AppConfig } from '@app/config';
import { SystemAdminService } from '@app/domain/governance/system-admin.service';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

/**
 * With BOOTSTRAP_ADMIN_TOKEN set, the system administrator exists and that token works, unless it
 * was revoked before or is another person's (the log says so).
 */
@Injectable()
export class BootstrapAdminOnStart implements OnApplicationBootstrap {
  private readonly logger = new Logger('BootstrapAdmin');

  constructor(
    private readonly config: AppConfig,
    private readonly systemAdmin: SystemAdminService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.BOOTSTRAP_ADMIN_TOKEN) return;
    const outcome = await this.systemAdmin.ensure(this.config.BOOTSTRAP_ADMIN_TOKEN);
    if (outcome === 'revoked')
      this.logger.error(
        'BOOTSTRAP_ADMIN_TOKEN was revoked before and stays revoked: it does not work, and the ' +
          'bootstrap token configured last still does. Set a new value, or use npm run admin:bootstrap.',
      );
    if (outcome === 'taken')
      this.logger.error(
        "BOOTSTRAP_ADMIN_TOKEN is another person's API token; it stays theirs and is not the system " +
          "administrator's. Set a new value, or use npm run admin:bootstrap.",
      );
  }
}
