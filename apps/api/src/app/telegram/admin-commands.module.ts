import { Global, Module } from '@nestjs/common';
import { AdminCommandRegistry } from './admin-command-registry';

/** Global home of the AdminCommandRegistry so any module can add bot commands without imports. */
@Global()
@Module({
  providers: [AdminCommandRegistry],
  exports: [AdminCommandRegistry],
})
export class AdminCommandsModule {}
