// Bans, mutes and warns end to end: the real warden binary against the telegram emulator.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT, CHAT, DANA, EVE, MALLORY, MOD, OTHER_CHAT, World, sleep } from './harness.mjs';

describe('moderation', () => {
  let world;
  before(async () => { world = await World.start(); });
  after(async () => { await world.stop(); });

  test('warn limit bans with mode ban', async () => {
    const since = await world.lastCallSeq();
    await world.say(EVE, 'hello everyone');
    await world.say(DANA, '/setwarnmode ban');
    await world.say(DANA, `/warn @${EVE.username} first`);
    await world.say(DANA, `/warn ${EVE.id} second`);
    const sent = await world.emulator.send({ chat_id: CHAT, from: EVE.id, text: 'spam' });
    await world.handled(sent.update_id);
    await world.say(DANA, '!warn third', { reply_to_message_id: sent.message.message_id });

    const texts = await world.replies(since);
    assert.ok(texts.some((t) => t.includes('The warn mode is now ban')), texts.join('\n'));
    assert.ok(texts.some((t) => t.includes('(1/3)')), texts.join('\n'));
    assert.ok(texts.some((t) => t.includes('(2/3)')), texts.join('\n'));
    const final = texts.find((t) => t.includes('3/3'));
    assert.ok(final, texts.join('\n'));
    assert.match(final, /has been banned/);
    assert.match(final, /&lt;b&gt;Eve&lt;\/b&gt; &amp; co/);
    assert.match(final, /first[\s\S]*second[\s\S]*third/);
    const member = await world.emulator.getMember(CHAT, EVE.id);
    assert.equal(member.status, 'kicked');
    assert.equal(member.user.id, EVE.id);

    await world.say(DANA, `/unban ${EVE.id}`);
    assert.equal((await world.emulator.getMember(CHAT, EVE.id)).status, 'left');
    await world.emulator.setMember({ chat_id: CHAT, user_id: EVE.id, status: 'member' });
  });

  test('non-admin caller is refused', async () => {
    const since = await world.lastCallSeq();
    await world.say(MALLORY, `/ban @${EVE.username}`);
    const texts = await world.replies(since);
    assert.deepEqual(texts, ['Only admins of this chat can use this command.']);
    assert.equal((await world.callsOf('banChatMember', since)).length, 0);
  });

  test('admin, owner and bot targets are refused', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/ban ${MOD.id}`);
    await world.say(MOD, `/mute ${DANA.id}`);
    await world.say(DANA, `/kick ${BOT.id}`);
    const texts = await world.replies(since);
    assert.match(texts[0], /is an admin of this chat/);
    assert.match(texts[1], /owns this chat/);
    assert.match(texts[2], /not going to do that to myself/);
    assert.equal((await world.callsOf('banChatMember', since)).length, 0);
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);
  });

  test('unknown username gets a clear reply', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, '/ban @nobody_here_at_all');
    const texts = await world.replies(since);
    assert.match(texts[0], /have not seen @nobody_here_at_all/);
  });

  test('durations outside Telegram range are rejected', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/tban ${EVE.id} 20s`);
    await world.say(DANA, `/tmute ${EVE.id} 367d`);
    await world.say(DANA, `/tmute ${EVE.id} soon`);
    const texts = await world.replies(since);
    assert.match(texts[0], /out of range: Telegram accepts from 30 seconds to 366 days/);
    assert.match(texts[1], /out of range/);
    assert.match(texts[2], /not a valid duration/);
    assert.equal((await world.callsOf('banChatMember', since)).length, 0);
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);
  });

  test('tmute sets until_date and expires', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/tmute ${MALLORY.id} 1h30m flooding`);
    const texts = await world.replies(since);
    assert.match(texts[0], /muted .* for 1 hour 30 minutes/);
    const [call] = await world.callsOf('restrictChatMember', since);
    const now = (await world.emulator.clock()).now;
    assert.ok(Math.abs(call.params.until_date - (now + 5400)) < 5, JSON.stringify(call.params));
    assert.equal((await world.emulator.getMember(CHAT, MALLORY.id)).can_send_messages, false);
    await world.say(DANA, `/unmute ${MALLORY.id}`);
    assert.notEqual((await world.emulator.getMember(CHAT, MALLORY.id)).can_send_messages, false);
  });

  test('command for another bot is ignored', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/ban@other_bot ${EVE.id}`);
    assert.deepEqual(await world.replies(since), []);
  });

  test('channel sender cannot run admin commands', async () => {
    await world.emulator.createChat({ id: -1009999999999, type: 'channel', title: 'Some channel' });
    const since = await world.lastCallSeq();
    const sent = await world.emulator.send({ chat_id: CHAT, sender_chat_id: -1009999999999, text: `/ban ${EVE.id}` });
    await world.handled(sent.update_id);
    const texts = await world.replies(since);
    assert.match(texts[0], /sent as a channel/);
    assert.equal((await world.callsOf('banChatMember', since)).length, 0);
  });

  test('anonymous admin confirms with a button', async () => {
    const since = await world.lastCallSeq();
    const sent = await world.emulator.send({ chat_id: CHAT, sender_chat_id: CHAT, text: `/mute ${MALLORY.id}` });
    await world.handled(sent.update_id);
    const [prompt] = (await world.emulator.calls({ since, method: 'sendMessage' })).calls;
    assert.match(prompt.params.text, /anonymous admin/);
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);
    const button = prompt.params.reply_markup.inline_keyboard[0][0];

    const denied = await world.emulator.press({ chat_id: CHAT, message_id: prompt.result.message_id, from: EVE.id, data: button.callback_data });
    await world.handled(denied.update_id);
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);

    const pressed = await world.emulator.press({ chat_id: CHAT, message_id: prompt.result.message_id, from: MOD.id, data: button.callback_data });
    await world.handled(pressed.update_id);
    const [restrict] = await world.callsOf('restrictChatMember', since);
    assert.equal(restrict.params.user_id, MALLORY.id);
    assert.equal(restrict.params.permissions.can_send_messages, false);
    await world.say(DANA, `/unmute ${MALLORY.id}`);
  });

  test('remove warn button', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/warn ${MALLORY.id} off topic`);
    const [warned] = (await world.emulator.calls({ since, method: 'sendMessage' })).calls;
    const button = warned.params.reply_markup.inline_keyboard[0][0];
    const pressed = await world.emulator.press({ chat_id: CHAT, message_id: warned.result.message_id, from: MOD.id, data: button.callback_data });
    await world.handled(pressed.update_id);
    const [edit] = await world.callsOf('editMessageText', since);
    assert.match(edit.params.text, /removed this warning/);
    await world.say(DANA, `/warns ${MALLORY.id}`);
    const texts = await world.replies(since);
    assert.match(texts.at(-1), /has no warnings/);
  });

  test('rate limit on one chat does not hold another', async () => {
    await world.emulator.fault({ method: 'sendMessage', chat_id: CHAT, error_code: 429, retry_after: 3, count: 1 });
    const since = await world.lastCallSeq();
    const started = Date.now();
    const slow = await world.emulator.send({ chat_id: CHAT, from: DANA.id, text: '/warnings' });
    await sleep(100);
    const fast = await world.emulator.send({ chat_id: OTHER_CHAT, from: DANA.id, text: '/warnings' });
    await world.emulator.waitCall({ since, method: 'sendMessage', chat_id: OTHER_CHAT }, 5000);
    const fastMs = Date.now() - started;
    await world.handled(Math.max(slow.update_id, fast.update_id), 15000);
    const slowMs = Date.now() - started;
    assert.ok(fastMs < 2500, `the other chat waited ${fastMs} ms`);
    assert.ok(slowMs >= 2900, `the limited chat was answered after ${slowMs} ms, before retry_after`);
    const texts = await world.replies(since);
    assert.ok(texts.some((t) => t.includes('Warn limit')));
  });
});
