/**
 * Every kernel WGSL file has exactly one `defineKernel` description, and each description
 * agrees with its WGSL: binding order, names and access; the params struct; the override
 * constants. Descriptions are discovered from every `src/**\/kernels.ts` at test time, so a
 * new method's kernels are covered without touching this file. Also: the runner keeps two
 * same-named kernels with different WGSL apart, and reports compile errors by the line of the
 * kernel's own file when libraries are prepended.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBuffer } from '../../src/gpu/buffers';
import { GpuKernelError } from '../../src/gpu/errors';
import { defineKernel, type KernelSpec } from '../../src/gpu/kernel';
import { checkKernelInterface } from '../../src/gpu/wgsl-interface';
import { useGpuRuntime } from './runtime';

const ROOT = join(import.meta.dirname, '..', '..');
const SHADERS = join(ROOT, 'shaders');
/** Libraries (prepended, no bindings) and kernels that run inside tfjs's own program wrapper. */
const NOT_RUNNER_KERNELS = new Set(['lib', 'tfjs']);

function walk(dir: string, keep: (path: string) => boolean): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...walk(path, keep));
    else if (keep(path)) found.push(path);
  }
  return found;
}

const rel = (path: string) => relative(ROOT, path).split(sep).join('/');

const kernelFiles = walk(SHADERS, (p) => p.endsWith('.wgsl')).filter((p) => !NOT_RUNNER_KERNELS.has(relative(SHADERS, p).split(sep)[0]!));
const libraryFiles = walk(join(SHADERS, 'lib'), (p) => p.endsWith('.wgsl'));
const wgslText = new Map(kernelFiles.map((p) => [rel(p), readFileSync(p, 'utf8')]));
const libraryText = new Map(libraryFiles.map((p) => [rel(p), readFileSync(p, 'utf8')]));

function looksLikeKernelSpec(value: unknown): value is KernelSpec {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['name'] === 'string' &&
    typeof v['source'] === 'string' &&
    typeof v['bindings'] === 'object' &&
    v['bindings'] !== null &&
    typeof v['params'] === 'object' &&
    v['params'] !== null &&
    typeof v['workgroups'] === 'function'
  );
}

interface Described {
  spec: KernelSpec;
  /** Where it is exported, e.g. `src/selection/d2ace/kernels.ts#observeKernel`. */
  where: string;
}

const descriptionModules = walk(join(ROOT, 'src'), (p) => p.endsWith(`${sep}kernels.ts`)).map(rel);
const importFailures = new Map<string, string>();
const described: Described[] = [];
for (const module of descriptionModules) {
  try {
    const exports = (await import(/* @vite-ignore */ `/${module}`)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(exports)) {
      if (!looksLikeKernelSpec(value)) continue;
      // The same object exported twice (or also listed in an array) is one description.
      if (described.some((d) => d.spec === value)) continue;
      described.push({ spec: value, where: `${module}#${exportName}` });
    }
  } catch (error) {
    importFailures.set(module, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}

function fileOf(source: string): string | undefined {
  for (const [path, text] of wgslText) if (text === source) return path;
  return undefined;
}

const label = (d: Described) => `kernel '${d.spec.name}' (${d.where}, ${fileOf(d.spec.source) ?? 'no shaders/ file'})`;

describe('kernel descriptions', () => {
  it('finds the kernels.ts files and WGSL kernels', () => {
    expect(descriptionModules).toEqual(expect.arrayContaining(['src/selection/d2ace/kernels.ts', 'src/selection/sampling/kernels.ts', 'src/gpu/self-check/kernels.ts']));
    expect(kernelFiles.length).toBeGreaterThan(0);
    expect(described.length).toBeGreaterThan(0);
  });

  it.each(descriptionModules)('%s imports', (module) => {
    expect(importFailures.get(module), `${module} failed to import`).toBeUndefined();
  });

  it('every kernel WGSL file has exactly one description, and every description is of such a file', () => {
    const problems: string[] = [];
    for (const [path, text] of wgslText) {
      const owners = described.filter((d) => d.spec.source === text);
      if (owners.length === 0) problems.push(`${path}: no description in any src/**/kernels.ts has it as its source`);
      if (owners.length > 1) problems.push(`${path}: described ${owners.length} times (${owners.map((d) => `'${d.spec.name}' at ${d.where}`).join(', ')})`);
    }
    for (const d of described) {
      if (!fileOf(d.spec.source)) {
        problems.push(`${label(d)}: its source is not the text of any kernel file under shaders/ (excluding lib/ and tfjs/)`);
      }
      (d.spec.libraries ?? []).forEach((lib, i) => {
        if (![...libraryText.values()].includes(lib)) problems.push(`${label(d)}: libraries[${i}] is not the text of a file in shaders/lib/`);
      });
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it.each(described.map((d) => [label(d), d] as const))('%s matches its WGSL', (_, d) => {
    const problems = checkKernelInterface(d.spec, d.spec.source, d.spec.libraries ?? []).map((p) => `${label(d)}: ${p}`);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

describe('checkKernelInterface catches mismatches', () => {
  const wgsl = [
    'override WG: u32 = 64u;',
    'override TILE: u32;',
    'struct Params {',
    '  rows: u32,',
    '  scale: f32,',
    '}',
    '@group(0) @binding(0) var<uniform> params: Params;',
    '@group(0) @binding(1) var<storage, read> input: array<f32>;',
    '@group(0) @binding(2) var<storage, read_write> left: array<f32>;',
    '@group(0) @binding(3) var<storage, read_write> right: array<f32>;',
    '@compute @workgroup_size(WG) fn main(@builtin(global_invocation_id) gid: vec3<u32>) {',
    '  // var<storage, read_write> commented: array<f32>;',
    '  var local: f32 = input[gid.x] * params.scale;',
    '  left[gid.x] = local;',
    '  right[gid.x] = -local;',
    '}',
    '',
  ].join('\n');
  const good = {
    name: 'fake',
    bindings: { params: 'uniform', input: 'read-only-storage', left: 'storage', right: 'storage' },
    params: { rows: 'u32', scale: 'f32' },
    constants: { TILE: 8 },
  } as const;

  it('accepts a matching description', () => {
    expect(checkKernelInterface(good, wgsl)).toEqual([]);
  });

  it('reports two same-typed storage buffers in swapped order', () => {
    const swapped = { ...good, bindings: { params: 'uniform', input: 'read-only-storage', right: 'storage', left: 'storage' } } as const;
    const problems = checkKernelInterface(swapped, wgsl);
    expect(problems).toContain('line 9: @binding(2) is \'left\' in the WGSL but \'right\' in the description');
    expect(problems).toContain('line 10: @binding(3) is \'right\' in the WGSL but \'left\' in the description');
  });

  it('reports access modes, params, constants and entry point', () => {
    const bad = {
      name: 'fake',
      entryPoint: 'run',
      bindings: { params: 'uniform', input: 'storage', left: 'read-only-storage', right: 'storage' },
      params: { scale: 'f32', rows: 'u32' },
      constants: { WORKGROUP: 64 },
    } as const;
    const problems = checkKernelInterface(bad, wgsl).join('\n');
    expect(problems).toMatch(/@binding\(1\) 'input' is var<storage, read> but the description says 'storage'/);
    expect(problems).toMatch(/@binding\(2\) 'left' is var<storage, read_write> but the description says 'read-only-storage'/);
    expect(problems).toMatch(/struct Params is \{ rows: u32, scale: f32 \} but the description's params are \{ scale: f32, rows: u32 \}/);
    expect(problems).toMatch(/override 'TILE' has no default/);
    expect(problems).toMatch(/constant 'WORKGROUP' is not an override/);
    expect(problems).toMatch(/entry point 'run' is not a @compute function/);
  });

  it('reports missing, extra and gapped bindings and a uniform without params', () => {
    const gapped = wgsl.replace('@binding(3)', '@binding(5)');
    expect(checkKernelInterface(good, gapped).join('\n')).toMatch(/binding numbers are \[0, 1, 2, 5\]/);
    const fewer = { ...good, bindings: { params: 'uniform', input: 'read-only-storage', left: 'storage' } } as const;
    expect(checkKernelInterface(fewer, wgsl).join('\n')).toMatch(/@binding\(3\) var<storage, read_write> right has no entry/);
    const noParams = { ...good, params: {} } as const;
    expect(checkKernelInterface(noParams, wgsl).join('\n')).toMatch(/uniform 'params: Params' \{ rows: u32, scale: f32 \} is declared but the description has no params/);
    expect(checkKernelInterface(good, wgsl, ['@group(0) @binding(0) var<storage, read> x: array<f32>;']).join('\n')).toMatch(/library 0 declares a binding/);
  });
});

describe('the runner and kernel descriptions on the GPU', () => {
  const runtime = useGpuRuntime();

  /** A tiny kernel writing `value + params.offset` into out[0]; every writer is named alike. */
  const writer = (value: number) =>
    defineKernel({
      name: 'same_name_writer',
      source: [
        'struct Params {',
        '  offset: u32,',
        '}',
        '@group(0) @binding(0) var<uniform> params: Params;',
        '@group(0) @binding(1) var<storage, read_write> out: array<u32>;',
        '@compute @workgroup_size(1) fn main() {',
        `  out[0] = ${value}u + params.offset;`,
        '}',
        '',
      ].join('\n'),
      bindings: { params: 'uniform', out: 'storage' },
      params: { offset: 'u32' },
      workgroups: () => [1],
    });

  it('compiles two descriptions with one name but different WGSL to different pipelines', async () => {
    const rt = runtime();
    const one = writer(1);
    const two = writer(2);
    expect(checkKernelInterface(one, one.source)).toEqual([]);
    await rt.kernels.load(one);
    await rt.kernels.load(two);
    const a = rt.ctx.buffers.createStorage('same-name-a', 16);
    const b = rt.ctx.buffers.createStorage('same-name-b', 16);
    try {
      rt.kernels.dispatch(one, { buffers: { out: a }, params: { offset: 0 } });
      rt.kernels.dispatch(two, { buffers: { out: b }, params: { offset: 0 } });
      const [ra, rb] = await Promise.all([readBuffer(rt.ctx, a), readBuffer(rt.ctx, b)]);
      expect(new Uint32Array(ra)[0]).toBe(1);
      expect(new Uint32Array(rb)[0]).toBe(2);
      await rt.ctx.sync();
    } finally {
      rt.ctx.buffers.destroy(a);
      rt.ctx.buffers.destroy(b);
    }
  });

  it('reports compile errors by the line of the kernel file, not of the composed text', async () => {
    const rt = runtime();
    // Six lines of library, so a kernel line n is composed line n + 6.
    const library = ['fn helper_a(x: f32) -> f32 {', '  return x * 2.0;', '}', 'fn helper_b(x: f32) -> f32 {', '  return x + 1.0;', '}', ''].join('\n');
    const source = [
      '@group(0) @binding(0) var<storage, read_write> out: array<f32>;', // 1
      '@compute @workgroup_size(1) fn main() {', // 2
      '  let a = helper_a(1.0);', // 3
      '  out[0] = helper_b(a) + undefined_name;', // 4: the error
      '}', // 5
      '',
    ].join('\n');
    const broken = defineKernel({ name: 'broken_with_library', source, libraries: [library], bindings: { out: 'storage' }, params: {}, workgroups: () => [1] });
    const error = await rt.kernels.load(broken).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GpuKernelError);
    const message = (error as GpuKernelError).message;
    expect(message).toMatch(/^kernel 'broken_with_library' failed \(compile, validation\): /);
    expect(message).toMatch(/(: |; )line 4:\d+: [^;]*undefined_name/);
    expect(message).not.toMatch(/line 10:/);
    expect(message).not.toMatch(/library line/);

    // An error inside the library is reported as a library line.
    const brokenLibrary = library.replace('return x + 1.0;', 'return x + missing_in_library;');
    const inLibrary = defineKernel({ ...broken, name: 'broken_library', libraries: [brokenLibrary] });
    const libError = await rt.kernels.load(inLibrary).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((libError as Error).message).toMatch(/(: |; )library line 5:\d+: [^;]*missing_in_library/);
    await rt.ctx.sync();
  });

  // Last in the file: if it fails, the recorded dispatch error cannot leak into another test.
  it('dispatches a kernel that has no params and no uniform binding', async () => {
    const rt = runtime();
    const bare = defineKernel({
      name: 'bare_writer',
      source: '@group(0) @binding(0) var<storage, read_write> out: array<u32>;\n@compute @workgroup_size(1) fn main() {\n  out[0] = 7u;\n}\n',
      bindings: { out: 'storage' },
      params: {},
      workgroups: () => [1],
    });
    expect(checkKernelInterface(bare, bare.source)).toEqual([]);
    await rt.kernels.load(bare);
    const out = rt.ctx.buffers.createStorage('bare-out', 16);
    try {
      rt.kernels.dispatch(bare, { buffers: { out }, params: {} });
      await rt.ctx.sync();
      expect(new Uint32Array(await readBuffer(rt.ctx, out))[0]).toBe(7);
    } finally {
      rt.ctx.buffers.destroy(out);
    }
  });
});
