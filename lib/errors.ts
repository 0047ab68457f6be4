/** An error a user can act on, with its message in both languages and an HTTP status for the web. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly status = 400,
  ) {
    super(`${zh} / ${en}`);
    this.name = "AppError";
  }
}
