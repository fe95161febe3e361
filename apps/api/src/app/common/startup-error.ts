/**
 * A problem that stops the server from starting and that an operator fixes outside the
 * code (a bad file, a missing permission). `main` prints its message as one line, with no
 * stack trace; the message must name what is wrong and never echo a secret.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
