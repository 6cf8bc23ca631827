/**
 * Errors meant for people: printed without a stack trace, exit code 2. Anything else that
 * escapes is a bug and is printed with its stack (exit code 1).
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
