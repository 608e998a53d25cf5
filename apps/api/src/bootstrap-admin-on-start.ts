import { AppConfig } from '@app/config';
import { SystemAdminService } from '@app/domain/governance/system-admin.service';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

/**
 * With BOOTSTRAP_ADMIN_TOKEN set, the system administrator exists and that token works, unless it
 * was revoked before (then none of the bootstrap tokens does, and the log says why).
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
      this.logger.warn(
        'BOOTSTRAP_ADMIN_TOKEN was revoked before and stays revoked; the bootstrap token configured ' +
          'before it no longer works either. Set a new value, or use npm run admin:bootstrap.',
      );
  }
}
