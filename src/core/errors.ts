import { formatLocator, type Issue, type Locator } from './issue.js';

/**
 * One error type for every user-facing failure. The CLI prints `format()` as a single line
 * (plus an optional hint line) and exits with `exitCode` — never a stack trace.
 */
export type SourcePos = Pick<Locator, 'file' | 'line' | 'col'>;

export interface TalgenErrorInit extends Locator {
  hint?: string;
  /** 1 = bad input (default), 2 = usage error. */
  exitCode?: 1 | 2;
}

export class TalgenError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly path?: string;
  readonly hint?: string;
  readonly exitCode: 1 | 2;

  constructor(message: string, init: TalgenErrorInit = {}) {
    super(message);
    this.name = 'TalgenError';
    this.file = init.file;
    this.line = init.line;
    this.col = init.col;
    this.path = init.path;
    this.hint = init.hint;
    this.exitCode = init.exitCode ?? 1;
  }

  get at(): Locator {
    return { file: this.file, line: this.line, col: this.col, path: this.path };
  }

  /** `file:line:col: path: message` with the parts that are known, and the hint on its own line. */
  format(): string {
    const loc = formatLocator(this.at);
    return `${loc ? `${loc}: ` : ''}${this.message}${this.hint ? `\n  hint: ${this.hint}` : ''}`;
  }

  /** The error as an Issue (validate commands list errors next to warnings). */
  issue(): Issue {
    return { severity: 'error', message: this.message, hint: this.hint, at: this.at };
  }

  /**
   * A copy with context filled in where this error has none (used when re-throwing): a position is taken only as a
   * whole and only when this error has none, so an error raised inside a file keeps its own file:line:col.
   */
  withContext(ctx: TalgenErrorInit): TalgenError {
    const own = this.file !== undefined;
    return new TalgenError(this.message, {
      file: own ? this.file : ctx.file,
      line: own ? this.line : ctx.line,
      col: own ? this.col : ctx.col,
      path: this.path ?? ctx.path,
      hint: this.hint ?? ctx.hint,
      exitCode: this.exitCode,
    });
  }
}

export class UsageError extends TalgenError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: 2 });
    this.name = 'UsageError';
  }
}

export function isTalgenError(e: unknown): e is TalgenError {
  return e instanceof TalgenError;
}
