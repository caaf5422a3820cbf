// Rules end to end: /rules, /setrules (typed markdown, formatting made in the client, replies,
// long rules), /resetrules, /privaterules with the deep link to a private chat, and the rules
// button text. Members and admins without the right to change info are refused.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT, CHAT, DANA, EVE, MALLORY, MOD, World } from './harness.mjs';

const TITLE = `Test group ${CHAT}`;
const HEADER = `Rules of <b>${TITLE}</b>:`;
const LINK = `https://t.me/${BOT.username}?start=rules_${CHAT}`;
const NONE = 'No rules have been set for this chat yet.';
const NOT_ADMIN = 'Only admins of this chat can use this command.';
const NO_CHANGE_INFO = 'You need the <code>can_change_info</code> admin right to do this.';
const PROMPT = 'The rules of this chat open in a private chat with me. Press the button below.';
const NOT_MEMBER = 'Only members of that chat can read its rules here. Join the chat first.';
// Someone who is in no chat.
const ZED = { id: 8123456789, first_name: 'Zed', username: 'zed_example' };

describe('rules', () => {
  let world;
  before(async () => {
    world = await World.start();
    await world.emulator.createUser(ZED);
  });
  after(async () => { await world.close(); });

  // The bot's successful messages in a chat since `since`.
  const sent = (since, chatId = CHAT) => world.sentMessages(since, chatId);
  async function texts(since, chatId = CHAT) {
    return (await sent(since, chatId)).map((call) => call.params.text);
  }

  // Opens a t.me deep link as `user`, as the Telegram app does, and waits for the bot.
  async function openLink(user, url) {
    const opened = await world.emulator.openLink(user.id, url);
    await world.handled(opened.update_id);
  }

  test('no rules yet', async () => {
    const since = await world.lastCallSeq();
    const asked = await world.say(EVE, '/rules');
    const [reply] = await sent(since);
    assert.equal(reply.params.text, NONE);
    assert.equal(reply.params.reply_parameters.message_id, asked.message.message_id);
    assert.equal(reply.params.reply_markup, undefined);
  });

  test('setrules refusals and usage', async () => {
    const since = await world.lastCallSeq();
    await world.say(EVE, '/setrules Eve rules now');
    await world.say(MOD, '/setrules Mod rules now');
    await world.say(DANA, '/setrules');
    await world.say(DANA, '/setrules    ');
    const long = `/setrules ${'x '.repeat(8300)}`;
    await world.say(DANA, long);
    const replies = await texts(since);
    assert.equal(replies.length, 5);
    assert.equal(replies[0], NOT_ADMIN);
    assert.equal(replies[1], NO_CHANGE_INFO);
    const usage = 'Give the rules after the command, or reply to a message that contains them: <code>/setrules Be kind.</code>';
    assert.equal(replies[2], usage);
    assert.equal(replies[3], usage);
    assert.match(replies[4], /^This text is 16599 characters long once formatted; the limit is 16384\./);
    await world.say(EVE, '/rules');
    assert.equal((await texts(since)).at(-1), NONE);
  });

  test('setrules keeps formatting made in the client and line breaks', async () => {
    const since = await world.lastCallSeq();
    // "/setrules " is 10 UTF-16 units and the emoji 2, so "Welcome" starts at 13.
    const text = '/setrules 👋 Welcome\n1. Be kind\n2. No spam, see <rules> & co';
    const italicStart = text.indexOf('No spam');
    await world.say(DANA, text, {
      entities: [
        { type: 'bot_command', offset: 0, length: 9 },
        { type: 'bold', offset: 13, length: 7 },
        { type: 'italic', offset: italicStart, length: 7 },
      ],
    });
    const asked = await world.say(MALLORY, '/rules');
    const [confirmation, rules] = await sent(since);
    assert.equal(confirmation.params.text, 'The rules of this chat are saved. Members can read them with /rules.');
    assert.equal(rules.params.text,
      `${HEADER}\n\n👋 <b>Welcome</b>\n1. Be kind\n2. <i>No spam</i>, see &lt;rules&gt; &amp; co`);
    assert.equal(rules.params.parse_mode, 'HTML');
    assert.equal(rules.params.reply_parameters.message_id, asked.message.message_id);
    assert.equal(rules.params.reply_markup, undefined);
  });

  test('setrules with typed markdown keeps buttons and fillings as text', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, '/setrules *Be kind* to {first}\n> Quoted\n[Site](buttonurl://example.org)');
    await world.say(EVE, '/rules');
    const [, rules] = await sent(since);
    assert.equal(rules.params.text,
      `${HEADER}\n\n<b>Be kind</b> to {first}\n<blockquote>Quoted</blockquote>\n[Site](buttonurl://example.org)`);
    assert.equal(rules.params.reply_markup, undefined);
  });

  test('setrules from a replied message, and rules in reply to a message', async () => {
    const since = await world.lastCallSeq();
    const source = await world.say(EVE, '🚫 No ads\nNo bots', {
      entities: [{ type: 'underline', offset: 3, length: 6 }],
    });
    await world.say(DANA, '/setrules', { reply_to_message_id: source.message.message_id });
    const question = await world.say(MALLORY, 'what are the rules here?');
    await world.say(DANA, '/rules', { reply_to_message_id: question.message.message_id });
    const [confirmation, rules] = await sent(since);
    assert.match(confirmation.params.text, /^The rules of this chat are saved/);
    assert.equal(rules.params.text, `${HEADER}\n\n🚫 <u>No ads</u>\nNo bots`);
    assert.equal(rules.params.reply_parameters.message_id, question.message.message_id);
  });

  test('long rules are split into several messages', async () => {
    const since = await world.lastCallSeq();
    const lines = Array.from({ length: 100 }, (_, i) => `${String(i + 1).padStart(3, '0')}. ${'rule text '.repeat(4)}end`);
    await world.say(DANA, `/setrules ${lines.join('\n')}`);
    await world.say(EVE, '/rules');
    const [, ...parts] = await texts(since);
    assert.equal(parts.length, 2);
    assert.ok(parts[0].startsWith(`${HEADER}\n\n001. rule text`));
    for (const part of parts) assert.ok(part.length <= 4096);
    const joined = parts.join('\n');
    for (const line of lines) assert.ok(joined.includes(line), line);
  });

  test('privaterules: show, refuse, toggle, and the deep link', async () => {
    await world.say(DANA, '/setrules *Be kind*');
    const since = await world.lastCallSeq();
    await world.say(DANA, '/privaterules');
    await world.say(EVE, '/privaterules on');
    await world.say(DANA, '/privaterules maybe');
    await world.say(DANA, '/privaterules YES');
    await world.say(DANA, '/privaterules');
    const replies = await texts(since);
    assert.deepEqual(replies, [
      'Private rules are off: /rules shows the rules here in the chat.',
      NOT_ADMIN,
      '<code>maybe</code> is not on or off. Use /privaterules on, or /privaterules off.',
      'Private rules are now on: /rules will answer with a button that opens the rules in a private chat.',
      'Private rules are on: /rules answers with a button that opens the rules in a private chat.',
    ]);

    const before = await world.lastCallSeq();
    const question = await world.say(MALLORY, 'rules?');
    await world.say(EVE, '/rules', { reply_to_message_id: question.message.message_id });
    const [prompt] = await sent(before);
    assert.equal(prompt.params.text, PROMPT);
    assert.equal(prompt.params.reply_parameters.message_id, question.message.message_id);
    assert.deepEqual(prompt.params.reply_markup.inline_keyboard, [[{ text: 'Rules', url: LINK }]]);

    // A member presses the button and gets the rules in private.
    const opened = await world.lastCallSeq();
    const clicked = await world.emulator.click({
      chat_id: CHAT, message_id: prompt.result.message_id, from: EVE.id, text: 'Rules',
    });
    assert.equal(clicked.payload, `rules_${CHAT}`);
    await world.handled(clicked.update_id);
    const [delivered] = await sent(opened, EVE.id);
    assert.equal(delivered.params.text, `${HEADER}\n\n<b>Be kind</b>`);
    assert.equal(delivered.params.chat_id, EVE.id);
    assert.equal((await sent(opened)).length, 0);

    // Someone who is not in the chat, and a member who left, are refused.
    const refused = await world.lastCallSeq();
    await openLink(ZED, LINK);
    await world.emulator.leave(CHAT, MALLORY.id);
    await openLink(MALLORY, LINK);
    await world.sayIn(ZED.id, ZED, '/start rules_nonsense');
    assert.deepEqual(await texts(refused, ZED.id), [
      NOT_MEMBER, 'This link to a chat\'s rules is broken. Ask for a new one in the chat.',
    ]);
    assert.deepEqual(await texts(refused, MALLORY.id), [NOT_MEMBER]);
    await world.emulator.setMember({ chat_id: CHAT, user_id: MALLORY.id, status: 'member' });

    const back = await world.lastCallSeq();
    await world.say(DANA, '/privaterules off');
    await world.say(EVE, '/rules');
    const [disabled, shown] = await texts(back);
    assert.equal(disabled, `Private rules are now off: /rules will show the rules here in ${TITLE}.`);
    assert.equal(shown, `${HEADER}\n\n<b>Be kind</b>`);
  });

  test('rules button text: default, custom, limit and reset', async () => {
    await world.say(DANA, '/privaterules on');
    const since = await world.lastCallSeq();
    await world.say(DANA, '/rulesbutton');
    await world.say(EVE, '/rulesbutton Mine');
    await world.say(DANA, '/rulesbutton 📜 Read <these>');
    await world.say(DANA, '/rulesbtn');
    await world.say(EVE, '/rules');
    const thirtyOne = 'a'.repeat(31);
    await world.say(DANA, `/rulesbutton ${thirtyOne}`);
    await world.say(DANA, '/rulesbtn');
    const thirty = 'b'.repeat(29) + '📜';
    await world.say(DANA, `/rulesbtn ${thirty}`);
    await world.say(EVE, '/rules');
    const calls = await sent(since);
    const replies = calls.map((call) => call.params.text);
    assert.deepEqual(replies, [
      'No text is set for the rules button, so it reads <b>Rules</b>.',
      NOT_ADMIN,
      'The rules button now reads <b>📜 Read &lt;these&gt;</b>.',
      'The rules button reads <b>📜 Read &lt;these&gt;</b>.',
      PROMPT,
      'That text has 31 characters; the rules button takes at most 30.',
      'The rules button reads <b>📜 Read &lt;these&gt;</b>.',
      `The rules button now reads <b>${thirty}</b>.`,
      PROMPT,
    ]);
    assert.deepEqual(calls[4].params.reply_markup.inline_keyboard, [[{ text: '📜 Read <these>', url: LINK }]]);
    assert.deepEqual(calls[8].params.reply_markup.inline_keyboard, [[{ text: thirty, url: LINK }]]);

    const reset = await world.lastCallSeq();
    await world.say(EVE, '/resetrulesbutton');
    await world.say(DANA, '/clearrulesbtn');
    await world.say(EVE, '/rules');
    await world.say(DANA, '/rulesbutton Again');
    for (const alias of ['/resetrulesbtn', '/clearrulesbutton']) await world.say(DANA, alias);
    const after = await sent(reset);
    const cleared = 'The rules button is back to its default text, <b>Rules</b>.';
    assert.deepEqual(after.map((call) => call.params.text), [
      NOT_ADMIN, cleared, PROMPT, 'The rules button now reads <b>Again</b>.', cleared, cleared,
    ]);
    assert.deepEqual(after[2].params.reply_markup.inline_keyboard, [[{ text: 'Rules', url: LINK }]]);
    await world.say(DANA, '/privaterules off');
  });

  test('resetrules and clearrules', async () => {
    await world.say(DANA, '/setrules Be kind');
    const since = await world.lastCallSeq();
    await world.say(EVE, '/resetrules');
    await world.say(MOD, '/clearrules');
    await world.say(DANA, '/resetrules');
    await world.say(EVE, '/rules');
    await world.say(DANA, '/setrules Again');
    await world.say(DANA, '/clearrules');
    await world.say(DANA, '/privaterules on');
    await world.say(EVE, '/rules');
    const replies = await texts(since);
    assert.deepEqual(replies, [
      NOT_ADMIN,
      NO_CHANGE_INFO,
      'The rules of this chat were deleted.',
      NONE,
      'The rules of this chat are saved. Members can read them with /rules.',
      'The rules of this chat were deleted.',
      'Private rules are now on: /rules will answer with a button that opens the rules in a private chat.',
      NONE,
    ]);
    // Without rules, the deep link replies with the no-rules notice too.
    const linked = await world.lastCallSeq();
    await openLink(EVE, LINK);
    assert.deepEqual(await texts(linked, EVE.id), [NONE]);
  });

  test('rules commands only work in groups', async () => {
    const since = await world.lastCallSeq();
    await world.sayIn(EVE.id, EVE, '/rules');
    await world.sayIn(DANA.id, DANA, '/setrules Be kind');
    assert.deepEqual(await texts(since, EVE.id), ['This command works in groups. Add me to a group and use it there.']);
    assert.deepEqual(await texts(since, DANA.id), ['This command works in groups. Add me to a group and use it there.']);
    assert.ok(world.alive());
  });
});
