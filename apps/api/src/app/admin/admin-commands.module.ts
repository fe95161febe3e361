import { Module } from '@nestjs/common';
import { AdminCommandRegistry } from './admin-command-registry';
import { AdminStatsRegistry } from './admin-stats';

/**
 * Where features plug into the admin console: the command registry and the stats
 * providers. Imported by AdminModule and by any feature that adds commands or stats
 * (snapshots), so they depend on admin/ and never on a channel such as telegram/.
 */
@Module({
  providers: [AdminCommandRegistry, AdminStatsRegistry],
  exports: [AdminCommandRegistry, AdminStatsRegistry],
})
export class AdminCommandsModule {}
