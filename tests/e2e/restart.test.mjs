// A kill -9 in the middle of a burst loses no update and repeats none that had finished. The
// one update of a chat whose Bot API call was on the wire at the moment of the kill may be
// handled again: its effect reached Telegram but its completion never reached the database.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { CHAT, DANA, EVE, World, sleep } from './harness.mjs';

let world;
before(async () => { world = await World.start(); });
after(async () => { await world.stop(); });

test('kill -9 under load loses and repeats nothing', async () => {
  await world.say(EVE, 'hi');
  const since = await world.lastCallSeq();
  const ops = [];
  const count = 200;
  for (let i = 0; i < count; i += 1) {
    ops.push({ op: 'send', chat_id: CHAT, from: DANA.id, text: `/warns ${EVE.id}` });
  }
  const result = await world.emulator.bulk(ops);
  await sleep(30);
  await world.stopBot('SIGKILL');
  await world.startBot();
  const last = Math.max(...result.results.map((r) => r.update_id));
  await world.handled(last, 30000);
  const texts = await world.replies(since);
  assert.ok(texts.length >= count, `lost updates: expected ${count} replies, got ${texts.length}`);
  assert.ok(texts.length <= count + 1, `repeated updates: expected at most ${count + 1} replies, got ${texts.length}`);
});

test('settings survive a restart', async () => {
  await world.say(DANA, '/setwarnlimit 7');
  await world.stopBot();
  await world.startBot();
  const since = await world.lastCallSeq();
  await world.say(DANA, '/warnings');
  const texts = await world.replies(since);
  assert.match(texts[0], /Warn limit: 7/);
});
