import { LIMITS, limitError, type LimitName } from '../core/limits.js';
import { argText, commandText, pipeText, type Arg, type Command, type Node, type Pipeline, type TemplateSet } from './ast.js';
import { FormatError, formatValue } from './format.js';
import { LAZY } from './builtins.js';
import { ArgTypeError, convertArg, FuncError, type FuncMap, type GoFunc } from './funcs.js';
import { fromData, isMap, isStruct, mapGet, mapKeys, MISSING, truth, typeName, NilPointer } from './values.js';

/** A runtime error of template execution at `pos`, for the node printed as `at <…>` (Go's wording). */
export class ExecError extends Error {
  constructor(
    message: string,
    readonly pos: number,
    readonly at: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A limit of core/limits.ts reached while executing the node at `pos`. */
function limitAt(name: LimitName, pos: number, at: string): ExecError {
  const e = limitError(name);
  return new ExecError(e.message, pos, at, e.hint);
}

/** Nested `template` calls allowed before execution stops (Go allows 100000; JS stacks are shallower). */
const MAX_DEPTH = 1000;

class Control {
  constructor(readonly kind: 'break' | 'continue') {}
}

interface Var {
  name: string;
  value: unknown;
}

/** Runs a parsed template set over `data` with `funcs` (builtins, and sprig where the caller registers it). */
export function execute(set: TemplateSet, data: unknown, funcs: FuncMap): string {
  const ex = new Executor(set, funcs);
  const root = fromData(data);
  ex.walk(set.main, root, [{ name: '$', value: root }], 0);
  return ex.out;
}

class Executor {
  out = '';
  /** Nodes walked so far (bounded by the templateSteps limit), */
  private steps = 0;

  constructor(
    private readonly set: TemplateSet,
    private readonly funcs: FuncMap,
  ) {}

  walk(nodes: Node[], dot: unknown, vars: Var[], depth: number): void {
    for (const n of nodes) this.walkNode(n, dot, vars, depth);
  }

  private walkNode(n: Node, dot: unknown, vars: Var[], depth: number): void {
    if (++this.steps > LIMITS.templateSteps.max) throw limitAt('templateSteps', n.pos, `{{${n.t}}}`);
    if (this.out.length > LIMITS.templateSize.max) throw limitAt('templateSize', n.pos, `{{${n.t}}}`);
    switch (n.t) {
      case 'text':
        this.out += n.text;
        return;
      case 'action': {
        const v = this.evalPipeline(dot, n.pipe, vars);
        if (n.pipe.decl.length === 0) this.out += this.printable(v, n.pos, n.pipe);
        return;
      }
      case 'if':
      case 'with': {
        const mark = vars.length;
        const v = this.evalPipeline(dot, n.pipe, vars);
        if (truth(v)) this.walk(n.list, n.t === 'with' ? v : dot, vars, depth);
        else if (n.elseList) this.walk(n.elseList, dot, vars, depth);
        vars.length = mark;
        return;
      }
      case 'range':
        this.walkRange(n, dot, vars, depth);
        return;
      case 'template': {
        const body = this.set.defined.get(n.name);
        if (!body) throw new ExecError(`template "${n.name}" not defined`, n.pos, `{{template ${JSON.stringify(n.name)}}}`);
        if (depth >= MAX_DEPTH) throw new ExecError(`exceeded maximum template depth (${MAX_DEPTH})`, n.pos, `{{template ${JSON.stringify(n.name)}}}`);
        const newDot = n.pipe ? this.evalPipeline(dot, n.pipe, vars) : null;
        this.walk(body, newDot, [{ name: '$', value: newDot }], depth + 1);
        return;
      }
      case 'break':
      case 'continue':
        throw new Control(n.t);
    }
  }

  private walkRange(n: Extract<Node, { t: 'if' | 'with' | 'range' }>, dot: unknown, vars: Var[], depth: number): void {
    const mark = vars.length;
    const v = this.evalPipeline(dot, n.pipe, vars);
    const items: [unknown, unknown][] = [];
    if (Array.isArray(v))
      v.forEach((x, i) => {
        items.push([BigInt(i), fromData(x)]);
      });
    else if (isMap(v)) for (const k of mapKeys(v)) items.push([k, mapGet(v, k)]);
    else if (typeof v === 'bigint') {
      if (n.pipe.decl.length > 1) throw new ExecError(`can't use ${n.pipe.decl[1]} to iterate over more than one variable`, n.pos, pipeText(n.pipe));
      if (v > LIMITS.templateSize.max) throw limitAt('templateSize', n.pos, pipeText(n.pipe));
      for (let i = 0n; i < v; i++) items.push([i, i]);
    } else if (v !== MISSING && v !== null) {
      throw new ExecError(`range can't iterate over ${formatValue(v)}`, n.pos, pipeText(n.pipe));
    }
    if (items.length === 0) {
      vars.length = mark;
      if (n.elseList) this.walk(n.elseList, dot, vars, depth);
      return;
    }
    for (const [key, elem] of items) {
      const decl = n.pipe.decl;
      if (decl.length === 1) this.setVar(vars, decl[0]!, typeof v === 'bigint' ? key : elem, n.pipe.isAssign);
      if (decl.length === 2) {
        this.setVar(vars, decl[0]!, key, n.pipe.isAssign);
        this.setVar(vars, decl[1]!, elem, n.pipe.isAssign);
      }
      const iter = vars.length;
      try {
        this.walk(n.list, elem, vars, depth);
      } catch (e) {
        if (!(e instanceof Control)) throw e;
        if (e.kind === 'break') break;
      } finally {
        vars.length = iter;
      }
    }
    vars.length = mark;
  }

  /** Declared range variables are set per iteration: the top-most binding of the name. */
  private setVar(vars: Var[], name: string, value: unknown, assign: boolean): void {
    for (let i = vars.length - 1; i >= 0; i--) {
      if (vars[i]!.name === name) {
        vars[i]!.value = value;
        return;
      }
    }
    if (!assign) vars.push({ name, value });
  }

  /** The action's own output: like `%v`, except that a nil interface (no value) prints `<no value>`. */
  private printable(v: unknown, pos: number, pipe: Pipeline): string {
    try {
      return v === null ? formatValue(MISSING) : formatValue(v);
    } catch (e) {
      if (e instanceof FormatError) throw new ExecError(e.message, pos, pipeText(pipe), e.hint);
      throw e;
    }
  }

  private evalPipeline(dot: unknown, pipe: Pipeline, vars: Var[]): unknown {
    let value: unknown = MISSING;
    let piped = false;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, vars, piped ? { value } : undefined);
      piped = true;
    }
    if (pipe.decl.length) {
      const name = pipe.decl[0]!;
      if (pipe.isAssign) this.setVar(vars, name, value, true);
      else vars.push({ name, value });
      for (const extra of pipe.decl.slice(1)) vars.push({ name: extra, value });
    }
    return value;
  }

  private evalCommand(dot: unknown, cmd: Command, vars: Var[], final: { value: unknown } | undefined): unknown {
    const first = cmd.args[0]!;
    const args = cmd.args.slice(1);
    const at = commandText(cmd);
    switch (first.t) {
      case 'field':
        return this.evalFields(dot, first.names, args, final, first);
      case 'variable':
        return this.evalFields(this.lookupVar(vars, first.name), first.names, args, final, first);
      case 'chain':
        if (first.node.t === 'nil') throw new ExecError(`indirection through explicit nil in ${argText(first)}`, first.pos, argText(first));
        return this.evalFields(this.evalArg(dot, first.node, vars), first.names, args, final, first);
      case 'ident':
        return this.call(dot, first.name, args, final, vars, first.pos, at);
      case 'nil':
        throw new ExecError('nil is not a command', first.pos, 'nil');
      default:
        if (args.length || final) throw new ExecError(`can't give argument to non-function ${argText(first)}`, first.pos, argText(first));
        return this.evalArg(dot, first, vars);
    }
  }

  private lookupVar(vars: Var[], name: string): unknown {
    for (let i = vars.length - 1; i >= 0; i--) if (vars[i]!.name === name) return vars[i]!.value;
    return MISSING;
  }

  /** Walk a field chain from `receiver`; the last field rejects arguments (talgen data has no methods). */
  private evalFields(receiver: unknown, names: string[], args: Arg[], final: { value: unknown } | undefined, node: Arg): unknown {
    let cur = receiver;
    // Values read from a map are typed interface{} in Go, which is the type its error messages name.
    let fromMap = false;
    names.forEach((name, i) => {
      const last = i === names.length - 1;
      if (last && (args.length || final)) {
        const msg = isMap(cur) ? `${name} is not a method but has arguments` : `${name} has arguments but cannot be invoked as function`;
        throw new ExecError(msg, node.pos, argText(node));
      }
      const next = this.field(cur, name, node, fromMap);
      fromMap = isMap(cur);
      cur = next;
    });
    if (!names.length && (args.length || final)) {
      throw new ExecError(`can't give argument to non-function ${argText(node)}`, node.pos, argText(node));
    }
    return cur;
  }

  private field(receiver: unknown, name: string, node: Arg, fromMap: boolean): unknown {
    if (receiver === MISSING) return MISSING;
    if (isStruct(receiver)) {
      const v = receiver.field(name);
      if (v === undefined) {
        const names = receiver.fieldNames?.();
        const hint = names && `fields of ${receiver.goType}: ${names.map((n) => `.${n}`).join(', ')}`;
        throw new ExecError(`can't evaluate field ${name} in type ${receiver.goType}`, node.pos, argText(node), hint);
      }
      return v;
    }
    if (isMap(receiver)) return mapGet(receiver, name);
    if (receiver === null) throw new ExecError(`nil pointer evaluating interface {}.${name}`, node.pos, argText(node));
    if (receiver instanceof NilPointer) throw new ExecError(`nil pointer evaluating ${receiver.goType}.${name}`, node.pos, argText(node));
    throw new ExecError(`can't evaluate field ${name} in type ${fromMap ? 'interface {}' : typeName(receiver)}`, node.pos, argText(node));
  }

  private evalArg(dot: unknown, a: Arg, vars: Var[]): unknown {
    switch (a.t) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'bool':
        return a.value;
      case 'number':
        return a.value;
      case 'string':
        return a.value;
      case 'pipe':
        return this.evalPipeline(dot, a.pipe, vars.slice());
      case 'ident':
        return this.call(dot, a.name, [], undefined, vars, a.pos, a.name);
      case 'field':
      case 'variable':
      case 'chain':
        return this.evalCommand(dot, { pos: a.pos, args: [a] }, vars, undefined);
    }
  }

  private call(dot: unknown, name: string, argNodes: Arg[], final: { value: unknown } | undefined, vars: Var[], pos: number, at: string): unknown {
    const f = this.funcs[name]!;
    const total = argNodes.length + (final ? 1 : 0);
    const decides = LAZY[name];
    if (decides) {
      checkArity(f, name, total, pos);
      const values: unknown[] = [];
      for (const a of argNodes) {
        values.push(this.evalArg(dot, a, vars));
        if (decides(values.at(-1))) return this.invoke(f, name, values, pos, at);
      }
      if (final) values.push(final.value);
      return this.invoke(f, name, values, pos, at);
    }
    checkArity(f, name, total, pos);
    const values: unknown[] = [];
    argNodes.forEach((a, i) => {
      values.push(this.typedArg(paramOf(f, i), this.evalArg(dot, a, vars), a));
    });
    if (final) values.push(this.typedArg(paramOf(f, argNodes.length), final.value, undefined, pos, at));
    return this.invoke(f, name, values, pos, at);
  }

  private invoke(f: GoFunc, name: string, values: unknown[], pos: number, at: string): unknown {
    try {
      return (f.fn as (...a: unknown[]) => unknown)(...values);
    } catch (e) {
      if (e instanceof FuncError) throw new ExecError(`error calling ${name}: ${e.message}`, pos, at, e.hint);
      if (e instanceof FormatError) throw new ExecError(e.message, pos, at, e.hint);
      throw e;
    }
  }

  private typedArg(param: ReturnType<typeof paramOf>, v: unknown, node: Arg | undefined, pos = 0, at = ''): unknown {
    try {
      return convertArg(v, param, node?.t === 'number');
    } catch (e) {
      if (!(e instanceof ArgTypeError)) throw e;
      if (node && (node.t === 'number' || node.t === 'string' || node.t === 'bool')) {
        const expected = param === 'int' ? 'integer' : param === 'float' ? 'float' : param;
        throw new ExecError(`expected ${expected}; found ${argText(node)}`, node.pos, argText(node));
      }
      throw new ExecError(e.message, node?.pos ?? pos, node ? argText(node) : at);
    }
  }
}

function paramOf(f: GoFunc, i: number) {
  return f.params[i] ?? f.variadic ?? 'any';
}

function checkArity(f: GoFunc, name: string, total: number, pos: number): void {
  if (f.variadic !== undefined ? total < f.params.length : total !== f.params.length) {
    const want = f.variadic !== undefined ? `at least ${f.params.length}` : String(f.params.length);
    throw new ExecError(`wrong number of args for ${name}: want ${want} got ${total}`, pos, name);
  }
}
