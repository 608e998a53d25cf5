import { AppConfig } from '@app/config';
import { SystemAdminService } from '@app/domain/governance/system-admin.service';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

/** With BOOTSTRAP_ADMIN_TOKEN set, the system administrator exists and that token works. */
@Injectable()
export class BootstrapAdminOnStart implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly systemAdmin: SystemAdminService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.BOOTSTRAP_ADMIN_TOKEN) await this.systemAdmin.ensure(this.config.BOOTSTRAP_ADMIN_TOKEN);
  }
}
