/** The parse tree of a Go template (the node kinds of Go's `text/template/parse`). `pos` is a template offset. */

export type Arg =
  | { t: 'field'; pos: number; names: string[] } // .A.B on dot
  | { t: 'variable'; pos: number; name: string; names: string[] } // $x.A.B
  | { t: 'chain'; pos: number; node: Arg; names: string[] } // (pipeline).A.B
  | { t: 'dot'; pos: number }
  | { t: 'nil'; pos: number }
  | { t: 'bool'; pos: number; value: boolean }
  | { t: 'number'; pos: number; text: string; value: bigint | number }
  | { t: 'string'; pos: number; value: string }
  | { t: 'ident'; pos: number; name: string } // function name
  | { t: 'pipe'; pos: number; pipe: Pipeline }; // ( pipeline )

export interface Command {
  pos: number;
  args: Arg[];
}

export interface Pipeline {
  pos: number;
  /** Declared or assigned variables (`$x :=`, `$i, $v :=`, `$x =`). */
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
}

export type Node =
  | { t: 'text'; pos: number; text: string }
  | { t: 'action'; pos: number; pipe: Pipeline }
  | { t: 'if' | 'with' | 'range'; pos: number; pipe: Pipeline; list: Node[]; elseList?: Node[] }
  | { t: 'template'; pos: number; name: string; pipe?: Pipeline }
  | { t: 'break' | 'continue'; pos: number };

/** A parsed template set: the main body and the templates named by `define`/`block`. */
export interface TemplateSet {
  main: Node[];
  defined: Map<string, Node[]>;
}

/** Source form of an argument, as Go prints it in `executing "…" at <…>` errors. */
export function argText(a: Arg): string {
  switch (a.t) {
    case 'field':
      return `.${a.names.join('.')}`;
    case 'variable':
      return [a.name, ...a.names].join('.');
    case 'chain':
      return `${argText(a.node)}.${a.names.join('.')}`;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(a.value);
    case 'number':
      return a.text;
    case 'string':
      return JSON.stringify(a.value);
    case 'ident':
      return a.name;
    case 'pipe':
      return `(${pipeText(a.pipe)})`;
  }
}

/** Each command's text, made once: parsed templates are reused for every node, and every call names its command. */
const commandTexts = new WeakMap<Command, string>();

export function commandText(c: Command): string {
  let text = commandTexts.get(c);
  if (text === undefined) commandTexts.set(c, (text = c.args.map(argText).join(' ')));
  return text;
}

export function pipeText(p: Pipeline): string {
  const decl = p.decl.length ? `${p.decl.join(', ')} ${p.isAssign ? '=' : ':='} ` : '';
  return decl + p.cmds.map(commandText).join(' | ');
}
