import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));

function d2ace(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('d2ace CLI', () => {
  it('doctor --json prints the adapter, tfjs on the shared device and a passing self-check', () => {
    const r = d2ace('doctor', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.runtime).toBe('node');
    expect(typeof report.adapter.vendor).toBe('string');
    expect(report.adapter.vendor.length + report.adapter.architecture.length).toBeGreaterThan(0);
    expect(report.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    expect(report.tfjs).toEqual({ version: '4.22.0', backend: 'webgpu', sharesDevice: true });
    expect(report.selfCheck.ok).toBe(true);
    // This machine's adapter is SwiftShader in CI: auto picks the CPU runtime, and says why.
    expect(report.auto.picks).toBe(report.adapter.software ? 'cpu' : 'webgpu');
    expect(report.auto.reason).toMatch(/^auto chose (the CPU runtime|WebGPU): /);
    expect(report.auto.msPerStep.webgpu).toBeGreaterThan(0);
    expect(report.auto.msPerStep.cpu).toBeGreaterThan(0);
    expect(report.auto.webgpuOverCpu).toBeCloseTo(report.auto.msPerStep.webgpu / report.auto.msPerStep.cpu, 1);
  });

  it('doctor prints a readable report', () => {
    const r = d2ace('doctor');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^runtime {6}node \(Node\.js v/);
    expect(r.stdout).toMatch(/self-check {3}column_stats 1000x7: .* ok/);
    expect(r.stdout).toMatch(/\nauto {9}auto chose /);
    expect(r.stdout).toMatch(/\nstep ratio {3}one MLP training step \(yeast shape, batch 128\): WebGPU [\d.]+ ms, CPU runtime [\d.]+ ms \(/);
  });

  it('an unknown command prints usage and exits 2', () => {
    const r = d2ace('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown command 'frobnicate'");
    expect(r.stderr).toContain('Usage: d2ace');
  });

  it('an unknown option prints usage and exits 2', () => {
    const r = d2ace('doctor', '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown option '--frobnicate'");
    expect(r.stderr).toContain('Usage: d2ace doctor');
  });

  it('no command prints usage and exits 2', () => {
    const r = d2ace();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: d2ace');
  });
});
