/**
 * The helpers that keep tests from leaving things behind: a server started the way the browser
 * tests start vite (a wrapper whose child listens) is gone, children and port included, after
 * `stop`; scratch folders are gone after `removeScratch`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, groupAlive, removeScratch, scratchDir, SCRATCH_PREFIX, startGroup } from '../support/scratch';

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

describe('test hygiene helpers', () => {
  it('stop() ends the whole group: the wrapper, the server it started, and its port', async () => {
    const port = await freePort();
    // A wrapper (like npx) that starts a grandchild server and waits: killing only the wrapper would orphan it.
    const server = `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`;
    const wrapper = `const c = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(server)}], { stdio: 'ignore' }); setInterval(() => {}, 1000);`;
    const group = startGroup(process.execPath, ['-e', wrapper]);
    for (let i = 0; i < 100 && !(await answers(port)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await answers(port)).toBe(true);
    await group.stop();
    expect(groupAlive(group.pid)).toBe(false);
    expect(await answers(port)).toBe(false);
  });

  it('removeScratch removes every scratch folder with its contents', () => {
    const a = scratchDir('hygiene');
    const b = scratchDir('hygiene');
    writeFileSync(join(a, 'x.json'), '{}');
    expect(a).toContain(SCRATCH_PREFIX);
    removeScratch();
    expect(existsSync(a)).toBe(false);
    expect(existsSync(b)).toBe(false);
  });
});
