// Deep links: a user opening https://t.me/<bot>?start=<payload>, directly or through a URL button.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Emulator } from '../client.mjs';
import { BOT_ID, BOT_USERNAME, callBot, callBotOk, drainUpdates, setupGroup, startEmulator } from './helpers.mjs';

const OTHER_BOT = { id: 7099999999, token: '7099999999:AAHotherSecret', username: 'other_helper_bot' };

describe('deep links', () => {
  let emulator;
  before(async () => {
    emulator = await startEmulator([`${OTHER_BOT.token}:${OTHER_BOT.username}`]);
  });
  after(async () => { await emulator.stop(); });

  test('start sends /start with payload', async () => {
    const user = await emulator.createUser({ first_name: 'Newcomer' });
    await drainUpdates(emulator);
    const before = await callBot(emulator, 'sendMessage', { chat_id: user.id, text: 'hi' });
    assert.equal(before.description, "Forbidden: bot can't initiate conversation with a user");

    const started = await emulator.start(user.id, 'rules_-1002000000001');
    assert.equal(started.action, 'start');
    assert.equal(started.bot_id, BOT_ID);
    assert.equal(started.message.text, '/start rules_-1002000000001');
    assert.deepEqual(started.message.entities, [{ type: 'bot_command', offset: 0, length: 6 }]);
    assert.equal(started.message.chat.type, 'private');
    assert.equal(started.message.chat.id, user.id);
    assert.equal(started.message.from.id, user.id);

    const [update] = await drainUpdates(emulator);
    assert.equal(update.update_id, started.update_id);
    assert.equal(update.message.text, '/start rules_-1002000000001');
    const reply = await callBotOk(emulator, 'sendMessage', { chat_id: user.id, text: 'Here are the rules' });
    assert.equal(reply.chat.id, user.id);
    const history = await emulator.messages(user.id);
    assert.deepEqual(history.map((message) => message.text), ['/start rules_-1002000000001', 'Here are the rules']);
  });

  test('start without payload', async () => {
    const user = await emulator.createUser({ first_name: 'Plain' });
    const started = await emulator.start(user.id);
    assert.equal(started.message.text, '/start');
    assert.deepEqual(started.message.entities, [{ type: 'bot_command', offset: 0, length: 6 }]);
  });

  test('invalid start payloads are rejected', async () => {
    const user = await emulator.createUser({ first_name: 'Picky' });
    for (const payload of ['has space', 'dots.are.bad', 'a'.repeat(65), 'emoji😀', 'plus+sign']) {
      await assert.rejects(emulator.start(user.id, payload), (error) => error.status === 400 && /A-Z, a-z, 0-9, _ and -/.test(error.body.error), payload);
    }
    const longest = await emulator.start(user.id, 'A'.repeat(64));
    assert.equal(longest.payload.length, 64);
  });

  test('open_link follows bot links', async () => {
    const user = await emulator.createUser({ first_name: 'Linker' });
    await drainUpdates(emulator, OTHER_BOT.token);
    const other = await emulator.openLink(user.id, `https://t.me/${OTHER_BOT.username}?start=abc`);
    assert.equal(other.bot_id, OTHER_BOT.id);
    const updates = await drainUpdates(emulator, OTHER_BOT.token);
    assert.equal(updates.at(-1).message.text, '/start abc');
    const tg = await emulator.openLink(user.id, `tg://resolve?domain=${BOT_USERNAME}&start=x-1`);
    assert.equal(tg.bot_id, BOT_ID);
    assert.equal(tg.message.text, '/start x-1');
    const bare = await emulator.openLink(user.id, `telegram.me/${BOT_USERNAME}?start=y_2`);
    assert.equal(bare.message.text, '/start y_2');
    await assert.rejects(emulator.openLink(user.id, 'https://example.org/?start=1'), (error) => error.status === 400);
    await assert.rejects(emulator.openLink(user.id, 'https://t.me/nobody_here_bot?start=1'), (error) => error.status === 404);
    await assert.rejects(emulator.openLink(user.id, `https://t.me/${BOT_USERNAME}?start=bad%20payload`), (error) => error.status === 400);
  });

  test('parseDeepLink reads links offline', () => {
    assert.deepEqual(Emulator.parseDeepLink('https://t.me/warden_test_bot?start=note_7'), { username: 'warden_test_bot', start: 'note_7', startgroup: null });
    assert.deepEqual(Emulator.parseDeepLink('t.me/warden_test_bot?startgroup=add'), { username: 'warden_test_bot', start: null, startgroup: 'add' });
    assert.equal(Emulator.parseDeepLink('https://example.org/warden_test_bot?start=1'), null);
  });

  test('click deep-link and callback buttons', async () => {
    const { chat, members } = await setupGroup(emulator);
    const user = members[0];
    const menu = await callBotOk(emulator, 'sendMessage', {
      chat_id: chat.id, text: 'Read the rules in private',
      reply_markup: { inline_keyboard: [
        [{ text: 'Rules', url: `https://t.me/${BOT_USERNAME}?start=rules_${Math.abs(chat.id)}` }],
        [{ text: 'Site', url: 'https://example.org/' }, { text: 'Thanks', callback_data: 'thanks' }],
      ] },
    });
    await drainUpdates(emulator);
    const clicked = await emulator.click({ chat_id: chat.id, message_id: menu.message_id, from: user.id, text: 'Rules' });
    assert.equal(clicked.action, 'start');
    assert.equal(clicked.message.text, `/start rules_${Math.abs(chat.id)}`);
    assert.equal(clicked.message.chat.id, user.id);
    const site = await emulator.click({ chat_id: chat.id, message_id: menu.message_id, from: user.id, row: 1, column: 0 });
    assert.deepEqual({ action: site.action, url: site.url }, { action: 'url', url: 'https://example.org/' });
    const thanks = await emulator.click({ chat_id: chat.id, message_id: menu.message_id, from: user.id, text: 'Thanks' });
    assert.equal(thanks.action, 'callback_query');
    const updates = await drainUpdates(emulator);
    assert.equal(updates[0].message.text, `/start rules_${Math.abs(chat.id)}`);
    assert.equal(updates[1].callback_query.data, 'thanks');
    assert.equal(updates[1].callback_query.id, thanks.callback_query_id);
    await assert.rejects(emulator.click({ chat_id: chat.id, message_id: menu.message_id, from: user.id, text: 'Nope' }), (error) => error.status === 404);
  });
});
