// /start and /help end to end: the private introduction, deep links, the module menu and its
// buttons, and the button that sends group members to a private chat.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT, CHAT, DANA, MALLORY, World, buttonsOf } from './harness.mjs';

// The help menu text that the bot sends to Mallory in private.
const MAIN_TEXT = 'Hi Mallory! I help admins run their groups: bans, mutes, warnings and more. Pick a module to see its commands. Commands start with / or !.';
const MODULE_MENU = [
  [{ text: 'Admin', callback_data: 'helpq|v1|m=Admin' }, { text: 'Bans', callback_data: 'helpq|v1|m=Bans' }, { text: 'Filters', callback_data: 'helpq|v1|m=Filters' }],
  [{ text: 'Formatting', callback_data: 'helpq|v1|m=Formatting' }, { text: 'Greetings', callback_data: 'helpq|v1|m=Greetings' }, { text: 'Mutes', callback_data: 'helpq|v1|m=Mutes' }],
  [{ text: 'Notes', callback_data: 'helpq|v1|m=Notes' }, { text: 'Reactions', callback_data: 'helpq|v1|m=Reactions' }, { text: 'Rules', callback_data: 'helpq|v1|m=Rules' }],
  [{ text: 'Warns', callback_data: 'helpq|v1|m=Warns' }],
];
const BACK = [[{ text: '« Back', callback_data: 'helpq|v1|m=Help' }]];
// Each module page's description and commands, in page order.
const PAGES = {
  Bans: ['Remove people from the chat, for good or for a while.',
    ['ban', 'tban', 'sban', 'dban', 'unban', 'kick', 'dkick', 'kickme', 'restrict', 'unrestrict']],
  Mutes: ['Stop people from sending messages, for good or for a while.', ['mute', 'tmute', 'smute', 'dmute', 'unmute']],
  Warns: ['Warn members; at the warn limit the warn mode (ban, kick, mute, tban or tmute) applies.',
    ['warn', 'swarn', 'dwarn', 'warns', 'rmwarn', 'resetwarns', 'resetallwarns', 'setwarnlimit', 'setwarnmode', 'warnings']],
};

// Asserts that a module page has its bold title, its description, then one "/command - text"
// line per command, in the module's order.
function assertPage(text, module) {
  const [description, commands] = PAGES[module];
  const lines = text.split('\n');
  assert.equal(lines[0], `<b>${module}</b>`);
  assert.equal(lines[1], '');
  assert.equal(lines[2], description);
  assert.deepEqual(lines.slice(3).map((line) => line.split(' - ')[0]), commands.map((c) => `/${c}`));
  for (const line of lines.slice(3)) assert.match(line, /^\/\w+ - \S.+$/);
}

describe('help and start', () => {
  let world;
  before(async () => { world = await World.start(); });
  after(async () => { await world.close(); });

  const privately = (text) => world.sayIn(MALLORY.id, MALLORY, text);

  test('start in private', async () => {
    const since = await world.lastCallSeq();
    const command = await privately('/start');
    const [intro] = await world.sentMessages(since, MALLORY.id);
    assert.equal(intro.params.chat_id, MALLORY.id);
    assert.equal(intro.params.text, 'Hi Mallory! I am Warden, a group management bot. Add me to a group and make me an admin to get started.');
    assert.equal(intro.params.reply_parameters.message_id, command.message.message_id);
    assert.deepEqual(intro.params.reply_markup.inline_keyboard, [
      [{ text: 'Add me to a group', url: `https://t.me/${BOT.username}?startgroup=botstart` }],
      [{ text: 'Commands and help', callback_data: 'helpq|v1|m=Help' }],
    ]);

    const answer = await world.press(MALLORY, intro, 'helpq|v1|m=Help');
    assert.equal(answer.answered, true);
    assert.ok(!answer.text);
    const [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.chat_id, MALLORY.id);
    assert.equal(edit.params.message_id, intro.result.message_id);
    assert.equal(edit.params.text, MAIN_TEXT);
    assert.deepEqual(edit.params.reply_markup.inline_keyboard, MODULE_MENU);
    assert.equal((await world.sentMessages(since, MALLORY.id)).length, 1);
  });

  test('start deep links', async () => {
    const since = await world.lastCallSeq();
    await privately('/start help_bans');
    await privately('/start help_help');
    const [page, menu] = await world.sentMessages(since, MALLORY.id);
    assertPage(page.params.text, 'Bans');
    assert.deepEqual(page.params.reply_markup.inline_keyboard, BACK);
    assert.equal(menu.params.text, MAIN_TEXT);
    assert.deepEqual(menu.params.reply_markup.inline_keyboard, MODULE_MENU);
    assert.ok(world.alive());
  });

  test('help and start in a group', async () => {
    const since = await world.lastCallSeq();
    await world.say(MALLORY, '/help');
    await world.say(DANA, '/help mutes');
    await world.say(DANA, '/start');
    const sent = await world.sentMessages(since);
    assert.equal(sent.length, 3);
    assert.equal(sent[0].params.text, 'Ask me in private for the full help.');
    assert.deepEqual(sent[0].params.reply_markup.inline_keyboard, [[{ text: 'Open help', url: `https://t.me/${BOT.username}?start=help_help` }]]);
    assert.equal(sent[1].params.text, 'Ask me in private for help on <code>Mutes</code>.');
    assert.deepEqual(buttonsOf(sent[1]), [{ text: 'Open help', url: `https://t.me/${BOT.username}?start=help_mutes` }]);
    assert.equal(sent[2].params.text, "I'm here. Ask me in private for help.");
    assert.equal(sent[2].params.reply_markup, undefined);
    assert.equal((await world.sentMessages(since, MALLORY.id)).length, 0);
  });

  test('help with a module in private', async () => {
    const since = await world.lastCallSeq();
    await privately('/help bans');
    await privately('/help MUTES');
    await privately('/help warn');
    await privately('/help nonsense');
    const sent = await world.sentMessages(since, MALLORY.id);
    assert.equal(sent.length, 4);
    assertPage(sent[0].params.text, 'Bans');
    assertPage(sent[1].params.text, 'Mutes');
    assertPage(sent[2].params.text, 'Warns');
    for (const page of sent.slice(0, 3)) assert.deepEqual(page.params.reply_markup.inline_keyboard, BACK);
    assert.equal(sent[3].params.text, MAIN_TEXT);
    assert.deepEqual(sent[3].params.reply_markup.inline_keyboard, MODULE_MENU);
  });

  test('help menu buttons edit the message', async () => {
    const since = await world.lastCallSeq();
    await privately('/help');
    const [menu] = await world.sentMessages(since, MALLORY.id);
    assert.equal(menu.params.text, MAIN_TEXT);
    assert.deepEqual(menu.params.reply_markup.inline_keyboard, MODULE_MENU);

    const answer = await world.press(MALLORY, menu, 'helpq|v1|m=Warns');
    assert.equal(answer.answered, true);
    let edits = await world.callsOf('editMessageText', since);
    assert.equal(edits.length, 1);
    assert.equal(edits[0].params.chat_id, MALLORY.id);
    assert.equal(edits[0].params.message_id, menu.result.message_id);
    assertPage(edits[0].params.text, 'Warns');
    assert.deepEqual(edits[0].params.reply_markup.inline_keyboard, BACK);

    await world.press(MALLORY, menu, 'helpq|v1|m=Help');
    edits = await world.callsOf('editMessageText', since);
    assert.equal(edits.length, 2);
    assert.equal(edits[1].params.text, MAIN_TEXT);
    assert.deepEqual(edits[1].params.reply_markup.inline_keyboard, MODULE_MENU);
    const [stored] = (await world.emulator.messages(MALLORY.id)).filter((m) => m.message_id === menu.result.message_id);
    assert.ok(stored.text.startsWith('Hi Mallory! I help admins'), stored.text);
    assert.equal((await world.sentMessages(since, MALLORY.id)).length, 1);
  });

  test('unknown button data', async () => {
    const since = await world.lastCallSeq();
    await privately('/help');
    const [menu] = await world.sentMessages(since, MALLORY.id);
    const answer = await world.press(MALLORY, menu, 'nonsense');
    assert.equal(answer.text, 'This button is invalid or outdated.');
    assert.equal(answer.show_alert, true);
    assert.equal((await world.callsOf('editMessageText', since)).length, 0);
    assert.equal((await world.replies(since, CHAT)).length, 0);
  });
});
