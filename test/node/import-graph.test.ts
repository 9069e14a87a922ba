/**
 * The house has no loops: no file of src/ imports itself back through others (dpdm, type
 * imports and dynamic imports included), and the rooms (the folders of src/) import one way,
 * so a room can be read without the rooms above it.
 */
import { fileURLToPath } from 'node:url';
import { parseCircular, parseDependencyTree, type DependencyTree } from 'dpdm';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The room of a file: its folder under src/, or the file itself for src/index.ts. */
function roomOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? parts[1]! : parts[1]!.replace(/\.ts$/, '');
}

/** Room-to-room imports, each with one file import that makes it. */
function roomEdges(tree: DependencyTree): Map<string, Map<string, string>> {
  const edges = new Map<string, Map<string, string>>();
  for (const [file, deps] of Object.entries(tree)) {
    for (const dep of deps ?? []) {
      if (!dep.id?.startsWith('src/')) continue;
      const from = roomOf(file);
      const to = roomOf(dep.id);
      if (from === to) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, `${file} -> ${dep.id}`);
    }
  }
  return edges;
}

/** Every loop between rooms, as the file imports that close it (depth-first search). */
function roomLoops(edges: Map<string, Map<string, string>>): string[][] {
  const loops: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (room: string): void => {
    state.set(room, 'open');
    path.push(room);
    for (const next of edges.get(room)?.keys() ?? []) {
      if (state.get(next) === 'open') {
        const cycle = [...path.slice(path.indexOf(next)), next];
        loops.push(cycle.slice(1).map((to, k) => edges.get(cycle[k]!)!.get(to)!));
      } else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(room, 'done');
  };
  for (const room of [...edges.keys()].sort()) if (!state.has(room)) visit(room);
  return loops;
}

describe('the import graph of src/', () => {
  let tree: DependencyTree;
  beforeAll(async () => {
    tree = await parseDependencyTree('src/**/*.ts', { context: ROOT, cwd: ROOT, tsconfig: `${ROOT}tsconfig.json`, transform: false, skipDynamicImports: false });
  }, 60_000);

  it('reads the whole tree, type-only imports included', () => {
    expect(Object.keys(tree).length).toBeGreaterThan(150);
    // `import type { ReadbackCounter }` is the only import of readbacks.ts in buffers.ts.
    expect(tree['src/gpu/buffers.ts']!.map((d) => d.id)).toContain('src/gpu/readbacks.ts');
  });

  it('has no file that imports itself back through others', () => {
    expect(parseCircular(tree).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('has no loop between rooms', () => {
    expect(roomLoops(roomEdges(tree))).toEqual([]);
  });

  it('keeps results below the sweep and the report, and the two apart', () => {
    const edges = roomEdges(tree);
    const imports = (from: string, to: string) => edges.get(from)?.get(to);
    for (const upper of ['report', 'experiment', 'cli', 'bench', 'browser']) expect(imports('results', upper)).toBeUndefined();
    expect(imports('report', 'results')).toBeDefined();
    expect(imports('experiment', 'results')).toBeDefined();
    expect(imports('report', 'experiment')).toBeUndefined();
    expect(imports('experiment', 'report')).toBeUndefined();
  });

  it('finds a loop where there is one', () => {
    const fake: DependencyTree = {
      'src/a/x.ts': [{ issuer: 'src/a/x.ts', request: '../b/y', kind: 'StaticImport' as never, id: 'src/b/y.ts' }],
      'src/b/y.ts': [{ issuer: 'src/b/y.ts', request: '../a/x', kind: 'StaticImport' as never, id: 'src/a/x.ts' }],
    };
    expect(parseCircular(fake)).toHaveLength(1);
    expect(roomLoops(roomEdges(fake))).toEqual([['src/a/x.ts -> src/b/y.ts', 'src/b/y.ts -> src/a/x.ts']]);
  });
});
