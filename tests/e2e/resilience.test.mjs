// Network and server faults: dropped connections and 5xx responses are retried with backoff,
// without losing updates and without spinning.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { CHAT, DANA, EVE, World, sleep } from './harness.mjs';

let world;
before(async () => { world = await World.start(); });
after(async () => { await world.stop(); });

test('getUpdates connection drops are survived', async () => {
  await world.emulator.fault({ method: 'getUpdates', drop_connection: true, count: 3 });
  const since = await world.lastCallSeq();
  const sent = await world.emulator.send({ chat_id: CHAT, from: DANA.id, text: '/warnings' });
  await world.handled(sent.update_id, 20000);
  assert.equal((await world.replies(since)).length, 1);
});

test('sendMessage 5xx is retried', async () => {
  await world.emulator.fault({ method: 'sendMessage', error_code: 502, description: 'Bad Gateway', count: 2 });
  const since = await world.lastCallSeq();
  await world.say(DANA, '/warnings');
  const calls = await world.callsOf('sendMessage', since);
  assert.equal(calls.length, 3);
  assert.deepEqual(calls.map((c) => c.ok), [false, false, true]);
});

test('permanent 400 is not retried', async () => {
  await world.emulator.fault({ method: 'sendMessage', error_code: 400, description: 'Bad Request: chat not found', count: 1 });
  const since = await world.lastCallSeq();
  await world.say(DANA, '/warnings');
  assert.equal((await world.callsOf('sendMessage', since)).length, 1);
});

test('polling does not spin while idle', async () => {
  const before = (await world.callsOf('getUpdates', 0)).length;
  await sleep(2500);
  const after = (await world.callsOf('getUpdates', 0)).length;
  // POLL_TIMEOUT is 1 s in tests, so about one call a second.
  assert.ok(after - before <= 5, `${after - before} getUpdates calls in 2.5 s`);
});

test('token never appears in logs', async () => {
  await world.say(EVE, 'hello');
  assert.ok(!world.log.includes('AAHtestsecret'));
});
