// The same bot on PostgreSQL: the warn-to-ban flow, settings across a restart, and kill -9
// without losing updates. Runs when WARDEN_E2E_POSTGRES_URL names an empty test database
// (scripts/test starts one).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { CHAT, DANA, EVE, World } from './harness.mjs';

const url = process.env.WARDEN_E2E_POSTGRES_URL;

describe('postgres backend', { skip: url ? false : 'WARDEN_E2E_POSTGRES_URL is not set' }, () => {
  let world;
  before(async () => {
    execFileSync('psql', [url, '-q', '-c', 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;'], { stdio: 'ignore' });
    world = await World.start({ env: { DATABASE_URL: url } });
  });
  after(async () => { if (world) await world.stop(); });

  test('warn limit bans', async () => {
    await world.say(EVE, 'hi');
    await world.say(DANA, '/setwarnlimit 2');
    await world.say(DANA, '/setwarnmode ban');
    const since = await world.lastCallSeq();
    await world.say(DANA, `/warn ${EVE.id} one`);
    await world.say(DANA, `/warn @${EVE.username} two`);
    const texts = await world.replies(since);
    assert.match(texts[1], /reached 2\/2 warnings and has been banned/);
    assert.equal((await world.emulator.getMember(CHAT, EVE.id)).status, 'kicked');
  });

  test('settings and updates survive kill -9', async () => {
    const ops = [];
    for (let i = 0; i < 100; i += 1) ops.push({ op: 'send', chat_id: CHAT, from: DANA.id, text: '/warnings' });
    const since = await world.lastCallSeq();
    const { results } = await world.emulator.bulk(ops);
    await world.stopBot('SIGKILL');
    await world.startBot();
    await world.handled(Math.max(...results.map((r) => r.update_id)), 30000);
    const texts = await world.replies(since);
    assert.ok(texts.length >= 100, `lost updates: ${texts.length} replies`);
    assert.ok(texts.length <= 101, `repeated updates: ${texts.length} replies`);
    assert.ok(texts.every((t) => t.includes('Warn limit: 2') && t.includes('Warn mode: ban')));
  });
});
