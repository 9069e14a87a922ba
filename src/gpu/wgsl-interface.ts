/**
 * Reads the interface of a WGSL kernel file (its @group/@binding variables, its structs, its
 * `override` constants and its compute entry points) and checks it against the kernel's
 * `defineKernel` description. A light parser for the subset our kernels use, not a compiler:
 * it exists so a description that drifts from its WGSL fails a test instead of binding the
 * wrong buffer to the wrong slot at run time (a swap of two same-typed buffers validates fine).
 */
import type { BindingKind, KernelSpec } from './kernel';

export interface WgslBinding {
  group: number;
  binding: number;
  name: string;
  /** 'uniform', 'storage', ... or 'handle' for a texture/sampler (no address space). */
  addressSpace: string;
  access: string | undefined;
  /** The runner's binding kind for this variable, or undefined if the runner cannot bind it. */
  kind: BindingKind | undefined;
  type: string;
  line: number;
}

export interface WgslField {
  name: string;
  type: string;
  /** Attributes such as @align(16) or @size(8), which break the runner's tight packing. */
  attributes: string[];
}

export interface WgslOverride {
  name: string;
  type: string | undefined;
  id: number | undefined;
  hasDefault: boolean;
  line: number;
}

export interface WgslInterface {
  bindings: WgslBinding[];
  structs: Map<string, WgslField[]>;
  overrides: WgslOverride[];
  /** Names of the functions marked @compute. */
  computeEntryPoints: string[];
}

/** Replaces comments (line and nested block comments) by spaces, keeping newlines. */
export function stripWgslComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (text.startsWith('/*', i)) {
      let depth = 0;
      do {
        if (text.startsWith('/*', i)) {
          depth++;
          out += '  ';
          i += 2;
        } else if (text.startsWith('*/', i)) {
          depth--;
          out += '  ';
          i += 2;
        } else {
          out += text[i] === '\n' ? '\n' : ' ';
          i++;
        }
      } while (depth > 0 && i < text.length);
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

const ATTRS = String.raw`((?:@[A-Za-z_]\w*\s*(?:\([^()]*(?:\([^()]*\)[^()]*)*\))?\s*)*)`;

function attributes(block: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of block.matchAll(/@([A-Za-z_]\w*)\s*(?:\(([^()]*(?:\([^()]*\)[^()]*)*)\))?/g)) {
    found.set(m[1]!, (m[2] ?? '').trim());
  }
  return found;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Splits at top-level commas (not inside <...>, (...) or [...]). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '<' || ch === '(' || ch === '[') depth++;
    else if (ch === '>' || ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function normalizeType(type: string): string {
  return type.replace(/\s+/g, '');
}

function bindingKind(addressSpace: string, access: string | undefined): BindingKind | undefined {
  if (addressSpace === 'uniform') return access === undefined ? 'uniform' : undefined;
  if (addressSpace === 'storage') {
    if (access === undefined || access === 'read') return 'read-only-storage';
    if (access === 'read_write') return 'storage';
  }
  return undefined;
}

export function parseWgslInterface(text: string): WgslInterface {
  const code = stripWgslComments(text);

  const bindings: WgslBinding[] = [];
  const varPattern = new RegExp(`${ATTRS}\\bvar\\b\\s*(?:<([^>]*)>)?\\s*([A-Za-z_]\\w*)\\s*:\\s*([^;=]+?)\\s*;`, 'g');
  for (const m of code.matchAll(varPattern)) {
    const attrs = attributes(m[1] ?? '');
    if (!attrs.has('binding') && !attrs.has('group')) continue; // private, workgroup or function-local
    const [space = 'handle', access] = (m[2] ?? '').split(',').map((s) => s.trim());
    bindings.push({
      group: Number(attrs.get('group') ?? NaN),
      binding: Number(attrs.get('binding') ?? NaN),
      name: m[3]!,
      addressSpace: space,
      access: access || undefined,
      kind: m[2] === undefined ? undefined : bindingKind(space, access || undefined),
      type: normalizeType(m[4]!),
      line: lineOf(code, m.index! + (m[1]?.length ?? 0)),
    });
  }

  const structs = new Map<string, WgslField[]>();
  for (const m of code.matchAll(/\bstruct\s+([A-Za-z_]\w*)\s*\{([^}]*)\}/g)) {
    const fields = splitTopLevel(m[2]!).map((member) => {
      const fm = new RegExp(`^${ATTRS}([A-Za-z_]\\w*)\\s*:\\s*([\\s\\S]+)$`).exec(member);
      if (!fm) return { name: member, type: '?', attributes: [] };
      return { name: fm[2]!, type: normalizeType(fm[3]!), attributes: [...attributes(fm[1] ?? '').keys()] };
    });
    structs.set(m[1]!, fields);
  }

  const overrides: WgslOverride[] = [];
  const overridePattern = new RegExp(`${ATTRS}\\boverride\\s+([A-Za-z_]\\w*)\\s*(?::\\s*([^=;]+?))?\\s*(=[^;]*)?;`, 'g');
  for (const m of code.matchAll(overridePattern)) {
    const id = attributes(m[1] ?? '').get('id');
    overrides.push({
      name: m[2]!,
      type: m[3] ? normalizeType(m[3]) : undefined,
      id: id === undefined ? undefined : Number(id.replace(/u$/, '')),
      hasDefault: m[4] !== undefined,
      line: lineOf(code, m.index! + (m[1]?.length ?? 0)),
    });
  }

  const computeEntryPoints: string[] = [];
  for (const m of code.matchAll(new RegExp(`${ATTRS}\\bfn\\s+([A-Za-z_]\\w*)`, 'g'))) {
    if (attributes(m[1] ?? '').has('compute')) computeEntryPoints.push(m[2]!);
  }

  return { bindings, structs, overrides, computeEntryPoints };
}

function declaredVar(b: WgslBinding): string {
  return b.addressSpace === 'handle' ? 'var' : `var<${b.addressSpace}${b.access ? `, ${b.access}` : ''}>`;
}

function describeWgslBinding(b: WgslBinding): string {
  return `@binding(${b.binding}) ${declaredVar(b)} ${b.name}`;
}

const WGSL_FOR_KIND: Record<BindingKind, string> = {
  uniform: 'var<uniform>',
  'read-only-storage': 'var<storage, read>',
  storage: 'var<storage, read_write>',
};

const SCALARS = new Set(['u32', 'i32', 'f32']);

/**
 * Every way `spec` disagrees with the WGSL it describes; empty when they agree. Checks the
 * bindings (numbers 0..k-1 in the description's order, same names, same access), the params
 * struct (fields and types in the description's order), the override constants (every
 * override without a default gets a value; every constant names an override) and the entry
 * point. Bindings are read from `source` only; libraries must declare none.
 */
export function checkKernelInterface(
  spec: Pick<KernelSpec, 'name' | 'bindings' | 'params' | 'constants' | 'entryPoint'>,
  source: string,
  libraries: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  const own = parseWgslInterface(source);
  const libs = libraries.map(parseWgslInterface);

  // --- bindings -----------------------------------------------------------------------------
  libs.forEach((lib, i) => {
    for (const b of lib.bindings) problems.push(`library ${i} declares a binding (${describeWgslBinding(b)}); libraries must have none`);
  });
  const wgsl = [...own.bindings];
  for (const b of wgsl) {
    if (b.group !== 0) problems.push(`line ${b.line}: '${b.name}' is in @group(${b.group}); the runner binds @group(0) only`);
    if (!Number.isInteger(b.binding)) problems.push(`line ${b.line}: '${b.name}' has no @binding number`);
    if (b.kind === undefined) problems.push(`line ${b.line}: ${describeWgslBinding(b)} is not a uniform or storage buffer the runner can bind`);
  }
  const group0 = wgsl.filter((b) => b.group === 0 && Number.isInteger(b.binding)).sort((a, b) => a.binding - b.binding);
  const numbers = group0.map((b) => b.binding);
  const expectedNumbers = numbers.map((_, i) => i);
  if (numbers.join(',') !== expectedNumbers.join(',')) {
    problems.push(`WGSL binding numbers are [${numbers.join(', ')}], expected exactly 0..${numbers.length - 1} with no gaps or repeats`);
  }
  const specEntries = Object.entries(spec.bindings);
  const wgslNames = group0.map((b) => b.name);
  const specNames = specEntries.map(([name]) => name);
  if (wgslNames.join(',') !== specNames.join(',')) {
    problems.push(`binding names differ: WGSL declares [${wgslNames.join(', ')}] (by @binding), the description lists [${specNames.join(', ')}]`);
  }
  const n = Math.max(group0.length, specEntries.length);
  for (let i = 0; i < n; i++) {
    const b = group0[i];
    const entry = specEntries[i];
    if (!b) {
      problems.push(`description binding ${i} '${entry![0]}' (${entry![1]}) has no WGSL variable at @binding(${i})`);
      continue;
    }
    if (!entry) {
      problems.push(`line ${b.line}: ${describeWgslBinding(b)} has no entry in the description's bindings`);
      continue;
    }
    const [name, kind] = entry;
    if (b.name !== name) {
      problems.push(`line ${b.line}: @binding(${b.binding}) is '${b.name}' in the WGSL but '${name}' in the description`);
    }
    if (b.kind !== undefined && b.kind !== kind) {
      problems.push(
        `line ${b.line}: @binding(${b.binding}) '${b.name}' is ${declaredVar(b)} but the description says '${kind}' (${WGSL_FOR_KIND[kind]})`,
      );
    }
  }

  // --- params ---------------------------------------------------------------------------------
  const structs = new Map<string, WgslField[]>();
  for (const lib of libs) for (const [k, v] of lib.structs) structs.set(k, v);
  for (const [k, v] of own.structs) structs.set(k, v);
  const specParams = Object.entries(spec.params);
  const uniforms = group0.filter((b) => b.kind === 'uniform');
  if (specParams.length > 0) {
    const params = group0.find((b) => b.name === 'params');
    if (!params) {
      problems.push(`the description has params [${specParams.map(([k]) => k).join(', ')}] but the WGSL declares no binding named 'params'`);
    } else if (params.kind !== 'uniform') {
      problems.push(`line ${params.line}: 'params' must be var<uniform> (it carries the description's params)`);
    } else {
      const fields = structs.get(params.type);
      if (!fields) {
        problems.push(`line ${params.line}: 'params' has type '${params.type}', which is not a struct declared in the WGSL`);
      } else {
        const wgslFields = fields.map((f) => `${f.name}: ${f.type}`);
        const specFields = specParams.map(([k, t]) => `${k}: ${t}`);
        if (wgslFields.join(', ') !== specFields.join(', ')) {
          problems.push(`struct ${params.type} is { ${wgslFields.join(', ')} } but the description's params are { ${specFields.join(', ')} } (same names, types and order needed)`);
        }
        for (const f of fields) {
          if (!SCALARS.has(f.type)) problems.push(`struct ${params.type} field '${f.name}: ${f.type}' is not a u32, i32 or f32 scalar the runner can pack`);
          if (f.attributes.length > 0) problems.push(`struct ${params.type} field '${f.name}' has @${f.attributes.join(', @')}; the runner packs fields tightly`);
        }
      }
    }
    for (const u of uniforms) {
      if (u.name !== 'params') problems.push(`line ${u.line}: uniform '${u.name}' would be bound to the params buffer; only 'params' may be a uniform`);
    }
  } else {
    for (const u of uniforms) {
      const fields = structs.get(u.type);
      const shape = fields ? ` { ${fields.map((f) => `${f.name}: ${f.type}`).join(', ')} }` : '';
      problems.push(`line ${u.line}: uniform '${u.name}: ${u.type}'${shape} is declared but the description has no params to fill it`);
    }
  }

  // --- override constants ------------------------------------------------------------------------
  const overrides = [...libs.flatMap((l) => l.overrides), ...own.overrides];
  const constants = spec.constants ?? {};
  for (const o of overrides) {
    const given = o.name in constants || (o.id !== undefined && String(o.id) in constants);
    if (!o.hasDefault && !given) problems.push(`line ${o.line}: override '${o.name}' has no default and the description's constants give it no value`);
  }
  for (const key of Object.keys(constants)) {
    if (!overrides.some((o) => o.name === key || (o.id !== undefined && String(o.id) === key))) {
      problems.push(`constant '${key}' is not an override declared in the WGSL (overrides: [${overrides.map((o) => o.name).join(', ')}])`);
    }
  }

  // --- entry point ------------------------------------------------------------------------------
  const entry = spec.entryPoint ?? 'main';
  if (!own.computeEntryPoints.includes(entry)) {
    problems.push(`entry point '${entry}' is not a @compute function of the WGSL (found: [${own.computeEntryPoints.join(', ')}])`);
  }
  return problems;
}
