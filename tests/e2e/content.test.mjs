// Behaviour that notes, filters, greetings and rules share through one content layer: the
// member count filling, content that could never be sent, button URLs that Telegram would
// reject, and rules that keep a literal {rules}.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT, CHAT, DANA, EVE, MOD, World } from './harness.mjs';

const EMPTY = 'There is nothing to save. Write some text after the command, or reply to a message with text or media.';

describe('content', () => {
  let world;
  before(async () => { world = await World.start(); });
  after(async () => { await world.close(); });

  async function texts(from, text) {
    const since = await world.lastCallSeq();
    await world.say(from, text);
    return (await world.sentMessages(since, CHAT)).map((call) => call.params.text);
  }

  test('count filling reads the member count', async () => {
    const { result: members } = await world.emulator.botApi(BOT.token, 'getChatMemberCount', { chat_id: CHAT });
    assert.ok(Number.isInteger(members), `member count ${members}`);
    assert.ok(members > 1, `member count ${members}`);
    await texts(DANA, '/save size We are {count} here');
    assert.deepEqual(await texts(EVE, '#size'), [`We are ${members} here`]);
  });

  test('content that renders to nothing is refused', async () => {
    for (const command of ['/save sep %%%', '/save flag {private}', '/save tok {rules}',
      '/filter sepkw %%%', '/setwelcome %%%']) {
      assert.deepEqual(await texts(DANA, command), [EMPTY], command);
    }
    assert.deepEqual(await texts(DANA, '/get sep'),
      ['There is no note named <b>sep</b> in this chat. Send /notes to see the list.']);
  });

  test('button URLs Telegram rejects are left out', async () => {
    const replies = await texts(DANA,
      '/save links Links\n[Port](buttonurl://https://example.com:0)\n[Tg](buttonurl://tg://a.b)\n[Ok](buttonurl://example.com)');
    assert.equal(replies.length, 1);
    assert.match(replies[0], /The button <b>Port<\/b>/);
    assert.match(replies[0], /The button <b>Tg<\/b>/);
    assert.doesNotMatch(replies[0], /The button <b>Ok<\/b>/);
    const since = await world.lastCallSeq();
    await world.say(EVE, '#links');
    const [note] = await world.sentMessages(since, CHAT);
    assert.equal(note.params.text, 'Links');
    assert.deepEqual(note.params.reply_markup.inline_keyboard,
      [[{ text: 'Ok', url: 'https://example.com' }]]);
  });

  test('rules keep a literal rules token', async () => {
    await texts(DANA, '/setrules Type /rules or {rules} to see these.');
    const [shown] = await texts(EVE, '/rules');
    assert.match(shown, /Type \/rules or \{rules\} to see these\.$/);
  });

  // An anonymous admin's command waits for an admin with the right to press the button, who
  // then runs it as themself.
  async function confirmAnonymous(command) {
    const since = await world.lastCallSeq();
    const sent = await world.emulator.send({ chat_id: CHAT, sender_chat_id: CHAT, text: command });
    await world.handled(sent.update_id);
    const [prompt] = await world.sentMessages(since, CHAT);
    assert.match(prompt.params.text, /anonymous admin/, command);
    const button = prompt.params.reply_markup.inline_keyboard[0][0];
    const denied = await world.press(MOD, prompt, button.callback_data);
    assert.match(denied.text, /can_change_info/, command);
    await world.press(DANA, prompt, button.callback_data);
  }

  test('anonymous admins save content after confirmation', async () => {
    await confirmAnonymous('/filter anonkw Hello from the admins');
    assert.deepEqual(await texts(EVE, 'anonkw'), ['Hello from the admins']);
    await confirmAnonymous('/save anonnote Written anonymously');
    assert.deepEqual(await texts(EVE, '#anonnote'), ['Written anonymously']);
    await confirmAnonymous('/setrules Rules set anonymously');
    const [rules] = await texts(EVE, '/rules');
    assert.match(rules, /Rules set anonymously$/);
  });
});
