/**
 * One error type for every user-facing failure. The CLI prints `format()` as a single line
 * (plus an optional hint line) and exits with `exitCode` — never a stack trace.
 */
export interface SourcePos {
  file?: string;
  line?: number; // 1-based
  col?: number; // 1-based
}

export interface TalgenErrorInit extends SourcePos {
  /** Dotted/indexed path of the offending field, e.g. `machine.install.disk` or `nodes[2].hostname`. */
  path?: string;
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

  /** `file:line:col: path: message` with the parts that are known. */
  location(): string {
    let loc = '';
    if (this.file) {
      loc = this.file;
      if (this.line) loc += `:${this.line}${this.col ? `:${this.col}` : ''}`;
    }
    return loc;
  }

  format(): string {
    const parts: string[] = [];
    const loc = this.location();
    if (loc) parts.push(loc);
    if (this.path) parts.push(this.path);
    parts.push(this.message);
    let out = parts.join(': ');
    if (this.hint) out += `\n  hint: ${this.hint}`;
    return out;
  }

  /** A copy with location/path filled in where this error has none (used when re-throwing with context). */
  withContext(ctx: TalgenErrorInit): TalgenError {
    return new TalgenError(this.message, {
      file: this.file ?? ctx.file,
      line: this.line ?? ctx.line,
      col: this.col ?? ctx.col,
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
