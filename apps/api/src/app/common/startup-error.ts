/**
 * A start-up failure the operator can fix (a service that cannot be reached, a file that
 * is not a database): main.ts prints its message as one line and exits, no stack trace.
 * The message must never contain a secret.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
