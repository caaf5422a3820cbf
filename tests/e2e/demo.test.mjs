// The offline demo replays a warn-to-ban scenario and reads typed console input.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { WARDEN_BIN } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function run(args, input) {
  return new Promise((resolve) => {
    const child = spawn(WARDEN_BIN, args, { env: { PATH: process.env.PATH }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => resolve({ code, output }));
    if (input) child.stdin.write(input);
    child.stdin.end();
  });
}

test('demo script shows warn to ban', async () => {
  const { code, output } = await run(['demo', '--script', path.join(root, 'tools/demo/warn-to-ban.demo')]);
  assert.equal(code, 0, output);
  assert.match(output, /reached 3\/3 warnings and has been banned/);
  assert.match(output, /carol: member -> kicked/);
});

test('demo script fails on an unmet expectation', async () => {
  const script = path.join(mkdtempSync(path.join(os.tmpdir(), 'warden-demo-test-')), 'failing.demo');
  writeFileSync(script, 'dave: hello\nexpect something the bot never said\n');
  const { code, output } = await run(['demo', '--script', script]);
  assert.equal(code, 1, output);
  assert.match(output, /expected the output to contain/);
});

test('demo console reads typed lines', async () => {
  const { code, output } = await run(['demo'], 'bob: /mute @dave too loud\nbogus line\nquit\n');
  assert.equal(code, 0, output);
  assert.match(output, /Bob muted Dave/);
  assert.match(output, /dave: member -> muted/);
  assert.match(output, /cannot read "bogus line"/);
});

test('run without a token explains and fails', async () => {
  const { code, output } = await run(['run'], '');
  assert.equal(code, 2, output);
  assert.match(output, /BOT_TOKEN is not set/);
  assert.match(output, /warden demo/);
});
