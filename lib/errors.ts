import type { Lang } from "@/lib/i18n";

/**
 * The one error type a user sees: a code, the message in both languages, and the HTTP status the web
 * answers with. Anything else that is thrown is a fault: logged, never shown (lib/web/handler.ts).
 */
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

  /** The message in the user's language. */
  text(lang: Lang): string {
    return lang === "en" ? this.en : this.zh;
  }

  static notFound(zh: string, en: string): AppError {
    return new AppError("not_found", zh, en, 404);
  }

  static forbidden(zh: string, en: string): AppError {
    return new AppError("forbidden", zh, en, 403);
  }

  static invalid(zh: string, en: string): AppError {
    return new AppError("invalid", zh, en, 400);
  }
}

export const isNotFound = (e: unknown): e is AppError => e instanceof AppError && e.status === 404;
