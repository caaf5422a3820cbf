// /markdownhelp (alias /formatting) end to end: the button to a private chat in a group, the
// Formatting help page it opens, and the pages a private chat switches between with buttons.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT, CHAT, DANA, EVE, MALLORY, World } from './harness.mjs';

const LINK = `https://t.me/${BOT.username}?start=help_formatting`;
const PROMPT = 'The formatting help opens in a private chat with me. Press the button below.';
const INTRO_KEYBOARD = [
  [
    { text: 'Markdown formatting', callback_data: 'formatting|v1|m=md' },
    { text: 'Fillings', callback_data: 'formatting|v1|m=fillings' },
  ],
  [{ text: 'Random content', callback_data: 'formatting|v1|m=random' }],
  [{ text: '« Back', callback_data: 'helpq|v1|m=Help' }],
];
const PAGE_KEYBOARD = [[{ text: '« Back', callback_data: 'formatting|v1|_' }]];

describe('formatting help', () => {
  let world;
  before(async () => { world = await World.start(); });
  after(async () => { await world.close(); });

  const privately = (user, text) => world.sayIn(user.id, user, text);

  test('in a group: a button to the private chat', async () => {
    const since = await world.lastCallSeq();
    const asked = await world.say(EVE, '/markdownhelp');
    const question = await world.say(MALLORY, 'how do I make text bold?');
    await world.say(DANA, '/formatting', { reply_to_message_id: question.message.message_id });
    const sent = await world.sentMessages(since);
    assert.equal(sent.length, 2);
    for (const prompt of sent) {
      assert.equal(prompt.params.text, PROMPT);
      assert.deepEqual(prompt.params.reply_markup.inline_keyboard, [[{ text: 'Formatting help', url: LINK }]]);
    }
    assert.equal(sent[0].params.reply_parameters.message_id, asked.message.message_id);
    assert.equal(sent[1].params.reply_parameters.message_id, question.message.message_id);
  });

  test('the button opens the Formatting help page', async () => {
    const since = await world.lastCallSeq();
    await world.say(EVE, '/markdownhelp');
    const [prompt] = await world.sentMessages(since);
    const clicked = await world.emulator.click({
      chat_id: CHAT, message_id: prompt.result.message_id, from: EVE.id, text: 'Formatting help',
    });
    assert.equal(clicked.payload, 'help_formatting');
    await world.handled(clicked.update_id);
    const [page] = await world.sentMessages(since, EVE.id);
    const lines = page.params.text.split('\n');
    assert.equal(lines[0], '<b>Formatting</b>');
    assert.match(lines[2], /markdown language/);
    assert.equal(lines.at(-1), '/markdownhelp - explain the formatting of notes, filters, greetings and rules');
    // The help page leads to the same pages as /markdownhelp in private.
    assert.deepEqual(page.params.reply_markup.inline_keyboard, INTRO_KEYBOARD);
    const opened = await world.emulator.click({
      chat_id: EVE.id, message_id: page.result.message_id, from: EVE.id, text: 'Fillings',
    });
    await world.handled(opened.update_id);
    const [edit] = await world.callsIn('editMessageText', since, EVE.id);
    assert.match(edit.params.text, /\{first\}/);
    assert.deepEqual(edit.params.reply_markup.inline_keyboard, PAGE_KEYBOARD);
  });

  test('in private: the intro and its pages', async () => {
    const since = await world.lastCallSeq();
    const asked = await privately(MALLORY, '/markdownhelp');
    const [intro] = await world.sentMessages(since, MALLORY.id);
    assert.ok(intro.params.text.startsWith('<b>Formatting</b>\n\n'), intro.params.text);
    assert.equal(intro.params.reply_parameters.message_id, asked.message.message_id);
    assert.deepEqual(intro.params.reply_markup.inline_keyboard, INTRO_KEYBOARD);

    const pages = [
      ['formatting|v1|m=md', '<b>Markdown formatting</b>', '<code>*bold*</code> → <b>bold</b>'],
      ['formatting|v1|m=fillings', '<b>Fillings</b>', '<code>{first}</code> first name'],
      ['formatting|v1|m=random', '<b>Random content</b>', '%%%'],
    ];
    for (const [data, title, sample] of pages) {
      const before = await world.lastCallSeq();
      const answer = await world.press(MALLORY, intro, data);
      assert.equal(answer.answered, true);
      const [edit] = await world.callsOf('editMessageText', before);
      assert.equal(edit.ok, true);
      assert.equal(edit.params.message_id, intro.result.message_id);
      assert.ok(edit.params.text.startsWith(`${title}\n\n`), edit.params.text);
      assert.ok(edit.params.text.includes(sample), sample);
      assert.ok(edit.params.text.length <= 4096);
      assert.deepEqual(edit.params.reply_markup.inline_keyboard, PAGE_KEYBOARD);

      const back = await world.lastCallSeq();
      await world.press(MALLORY, intro, 'formatting|v1|_');
      const [restored] = await world.callsOf('editMessageText', back);
      assert.equal(restored.params.text, intro.params.text);
      assert.deepEqual(restored.params.reply_markup.inline_keyboard, INTRO_KEYBOARD);
    }

    const before = await world.lastCallSeq();
    await world.press(MALLORY, intro, 'helpq|v1|m=Help');
    const [menu] = await world.callsOf('editMessageText', before);
    assert.ok(menu.params.text.startsWith('Hi Mallory! I help admins'), menu.params.text);
    const modules = menu.params.reply_markup.inline_keyboard.flat().map((button) => button.text);
    assert.ok(modules.includes('Formatting'));
    assert.ok(modules.includes('Rules'));
    assert.equal((await world.sentMessages(since, MALLORY.id)).length, 1);
    assert.equal((await world.replies(since, CHAT)).length, 0);
  });

  test('an example from the page works in the rules', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, '/setrules *bold and _italic_* then ||spoiler|| and `code`');
    await world.say(EVE, '/rules');
    const [, rules] = await world.sentMessages(since);
    assert.ok(rules.params.text.endsWith(
      '<b>bold and <i>italic</i></b> then <span class="tg-spoiler">spoiler</span> and <code>code</code>'),
    rules.params.text);
    assert.ok(world.alive());
  });
});
