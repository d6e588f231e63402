import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TalgenError } from '../core/errors.js';
import { readInputFile } from '../core/read-input.js';
import { forwardSpec, type CommandPlan } from './plan.js';

/** talgen's templates: one per subcommand (`apply.hbs`, …) and `ssh-tunnel.hbs` for the bastion line. */
export const DEFAULT_TEMPLATE_DIR = fileURLToPath(new URL('../../../templates/gencommand/', import.meta.url));
export const TUNNEL_TEMPLATE = 'ssh-tunnel';

type Render = (data: object) => string;

/**
 * Reads and compiles `<dir>/<name>.hbs`. A `--template-dir` must hold every template the run uses: a missing one is an
 * error rather than a silent mix of the user's templates and talgen's.
 */
async function compile(dir: string, name: string, userDir: boolean): Promise<Render> {
  const file = join(dir, `${name}.hbs`);
  const text = readInputFile(file, 'gencommand template', {
    hint: userDir ? `--template-dir needs ${name}.hbs; start from a copy of talgen's ${DEFAULT_TEMPLATE_DIR}` : undefined,
  });
  const { default: Handlebars } = await import('handlebars');
  try {
    Handlebars.parse(text);
  } catch (e) {
    throw templateError(file, e as Error);
  }
  return withFile(file, Handlebars.compile(text, { noEscape: true, strict: true }));
}

function templateError(file: string, e: Error): TalgenError {
  // Handlebars says where: "Parse error on line 2:" (syntax) or "… - 2:14" (a field the data does not have).
  const pos = /on line (\d+)/.exec(e.message) ?? / - (\d+):(\d+)$/m.exec(e.message);
  return new TalgenError(`gencommand template: ${e.message.split('\n')[0]!.replace(/ - \d+:\d+$/, '')}`, {
    file,
    line: pos ? Number(pos[1]) : undefined,
    col: pos?.[2] !== undefined ? Number(pos[2]) + 1 : undefined,
    hint: `the fields a template can use are listed in ${join(DEFAULT_TEMPLATE_DIR, 'README.md')}`,
  });
}

function withFile(file: string, template: Render): Render {
  return (data) => {
    try {
      // One trailing newline of the file ends the line; the caller adds its own.
      return template(data).replace(/\r?\n$/, '');
    } catch (e) {
      if (e instanceof Error) throw templateError(file, e);
      throw e;
    }
  };
}

/** The text of a plan: the tunnel line first (when there is one), then one line per target. */
export async function renderPlan(plan: CommandPlan, templateDir?: string): Promise<string> {
  const dir = templateDir !== undefined ? resolve(templateDir) : DEFAULT_TEMPLATE_DIR;
  const out: string[] = [];
  if (plan.tunnel) {
    const t = plan.tunnel;
    const tunnel = await compile(dir, TUNNEL_TEMPLATE, templateDir !== undefined);
    out.push(tunnel({ forwards: t.forwards.map((f) => ({ ...f, spec: forwardSpec(f) })), port: t.port ?? '', destination: t.destination, bastion: t.bastion }));
  }
  const line = await compile(dir, plan.command, templateDir !== undefined);
  for (const l of plan.lines) out.push(line(l.fields));
  return out.map((l) => `${l}\n`).join('');
}
