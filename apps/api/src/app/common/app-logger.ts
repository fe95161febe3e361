import { ConsoleLogger } from '@nestjs/common';
import { StartupError } from './startup-error';

/**
 * Nest's console logger, except that a StartupError is not logged while the application
 * is being created (Nest would print it with its stack trace): `main` reports it as one
 * clear line instead.
 */
export class AppLogger extends ConsoleLogger {
  override error(message: unknown, ...optionalParams: unknown[]): void {
    if (message instanceof StartupError) return;
    super.error(message, ...optionalParams);
  }
}
