// Warns end to end, against the real warden binary and the telegram emulator: warn, swarn, dwarn,
// warns, rmwarn, unwarn, resetwarns, resetwarn, resetallwarns, setwarnlimit, setwarnmode and
// warnings.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { CHAT, DANA, EVE, MALLORY, MOD, World, buttonsOf, mention } from './harness.mjs';

// A member with the largest user id the Bot API allows (it has at most 52 significant bits).
const BIG = { id: 4503599627370495, first_name: 'Big', username: 'big_id_example' };

// Asserts that callback data belongs to a Remove warn button for `user`. Other fields, such as
// which warning it removes, are the bot's own business.
function assertRemoveData(data, user) {
  assert.ok(data.startsWith('rmWarn|v1|'), data);
  const fields = new URLSearchParams(data.slice('rmWarn|v1|'.length));
  assert.equal(fields.get('u'), String(user.id), data);
}

describe('warns', () => {
  let world;
  let e;

  const member = (user) => e.getMember(CHAT, user.id);
  const restore = (user) => e.setMember({ chat_id: CHAT, user_id: user.id, status: 'member' });

  // Sends `/warns <id>` as the owner and returns the bot's one reply.
  async function warnsOf(user) {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/warns ${user.id}`);
    const texts = await world.replies(since);
    assert.equal(texts.length, 1);
    return texts[0];
  }

  before(async () => {
    world = await World.start();
    e = world.emulator;
    await e.createUser(BIG);
    await e.setMember({ chat_id: CHAT, user_id: BIG.id, status: 'member' });
    for (const user of [EVE, MALLORY, BIG]) await world.say(user, `hello, ${user.first_name} here`);
  });
  after(async () => { await world.close(); });

  test('warn with reason and Remove button', async () => {
    const since = await world.lastCallSeq();
    const command = await world.say(MOD, `/warn @${BIG.username} off topic`);
    const [reply] = await world.sentMessages(since);
    assert.equal(reply.params.text, `${mention(BIG)} has been warned (1/3).\n<b>Reason:</b> off topic`);
    assert.equal(reply.params.reply_parameters.message_id, command.message.message_id);
    const buttons = buttonsOf(reply);
    assert.equal(buttons.length, 1);
    assert.equal(buttons[0].text, 'Remove warn (admins)');
    assertRemoveData(buttons[0].callback_data, BIG);
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);
    assert.equal(await warnsOf(BIG), `${mention(BIG)} has 1/3 warnings:\n - off topic`);

    const rejected = await world.press(EVE, reply, buttons[0].callback_data);
    assert.equal(rejected.text, 'Only admins can use this button.');
    assert.equal(rejected.show_alert, true);
    assert.equal((await world.callsOf('editMessageText', since)).length, 0);
    await world.press(MOD, reply, buttons[0].callback_data);
    const [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.text, `${mention(MOD)} removed this warning of ${mention(BIG)}.`);
    assert.equal(await warnsOf(BIG), `${mention(BIG)} has no warnings.`);
  });

  test('swarn is silent until the limit', async () => {
    const since = await world.lastCallSeq();
    const commands = [];
    for (const reason of ['one', 'two']) commands.push(await world.say(DANA, `/swarn ${MALLORY.id} ${reason}`));
    assert.deepEqual(await world.replies(since), []);
    assert.equal(await warnsOf(MALLORY), `${mention(MALLORY)} has 2/3 warnings:\n - one\n - two`);
    const limitSince = await world.lastCallSeq();
    commands.push(await world.say(DANA, `/swarn ${MALLORY.id}`));

    const deletes = await world.callsOf('deleteMessage', since);
    assert.deepEqual(deletes.map((call) => call.params), commands.map((c) => ({ chat_id: CHAT, message_id: c.message.message_id })));
    const restricts = await world.callsOf('restrictChatMember', since);
    assert.equal(restricts.length, 1);
    assert.equal(restricts[0].params.user_id, MALLORY.id);
    assert.equal(restricts[0].params.permissions.can_send_messages, false);
    assert.equal(restricts[0].params.until_date, undefined);
    const muted = await member(MALLORY);
    assert.equal(muted.status, 'restricted');
    assert.equal(muted.can_send_messages, false);
    assert.deepEqual(await world.replies(limitSince), [
      `${mention(MALLORY)} reached 3/3 warnings and has been muted.\n - one\n - two\n - no reason given`,
    ]);
    assert.equal(await warnsOf(MALLORY), `${mention(MALLORY)} has no warnings.`);
    await restore(MALLORY);
  });

  test('dwarn deletes the replied message', async () => {
    const spam = await world.say(EVE, 'visit my site');
    const since = await world.lastCallSeq();
    const command = await world.say(MOD, '/dwarn advertising', { reply_to_message_id: spam.message.message_id });
    const deletes = await world.callsOf('deleteMessage', since);
    assert.equal(deletes.length, 1);
    assert.deepEqual(deletes[0].params, { chat_id: CHAT, message_id: spam.message.message_id });
    const stored = await e.messages(CHAT);
    assert.equal(stored.find((m) => m.message_id === spam.message.message_id).deleted, true);
    assert.equal(stored.find((m) => m.message_id === command.message.message_id).deleted, false);
    const [reply] = await world.sentMessages(since);
    assert.equal(reply.params.text, `${mention(EVE)} has been warned (1/3).\n<b>Reason:</b> advertising`);
    assertRemoveData(buttonsOf(reply)[0].callback_data, EVE);
  });

  test('warns of yourself and others', async () => {
    const since = await world.lastCallSeq();
    await world.say(EVE, '/warns');
    await world.say(MALLORY, '/warns');
    await world.say(MALLORY, `/warns @${EVE.username}`);
    assert.deepEqual(await world.replies(since), [
      `${mention(EVE)} has 1/3 warnings:\n - advertising`,
      `${mention(MALLORY)} has no warnings.`,
      `${mention(EVE)} has 1/3 warnings:\n - advertising`,
    ]);
  });

  test('warn removal rejections', async () => {
    const since = await world.lastCallSeq();
    for (const command of ['rmwarn', 'unwarn', 'resetwarns', 'resetwarn']) await world.say(MALLORY, `/${command} ${EVE.id}`);
    for (const command of ['rmwarn', 'unwarn', 'resetwarns', 'resetwarn']) await world.say(DANA, `/${command}`);
    await world.say(MOD, '/resetwarn @not_seen_anywhere');
    assert.deepEqual(await world.replies(since), [
      ...Array(4).fill('Only admins of this chat can use this command.'),
      ...Array(4).fill("I don't know who you mean. Reply to their message, or give their @username or numeric id."),
      'I have not seen @not_seen_anywhere yet. Reply to one of their messages, or use their numeric id.',
    ]);
    assert.equal(await warnsOf(EVE), `${mention(EVE)} has 1/3 warnings:\n - advertising`);
  });

  test('resetallwarns No, Yes and non-owner', async () => {
    await world.say(DANA, `/warn ${MALLORY.id} late`);
    let since = await world.lastCallSeq();
    await world.say(MOD, '/resetallwarns');
    assert.deepEqual(await world.replies(since), ['Only the owner of this chat can do this.']);

    since = await world.lastCallSeq();
    await world.say(DANA, '/resetallwarns');
    let [question] = await world.sentMessages(since);
    assert.equal(question.params.text, 'Remove the warnings of all 2 warned members? This cannot be undone.');
    assert.deepEqual(question.params.reply_markup.inline_keyboard, [[
      { text: 'Yes', callback_data: 'rmAllChatWarns|v1|a=yes' },
      { text: 'No', callback_data: 'rmAllChatWarns|v1|a=no' },
    ]]);
    const cancelled = await world.press(DANA, question, 'rmAllChatWarns|v1|a=no');
    assert.equal(cancelled.answered, true);
    assert.ok(!cancelled.text);
    let [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.message_id, question.result.message_id);
    assert.equal(edit.params.text, 'Cancelled; no warnings were removed.');
    assert.equal(await warnsOf(EVE), `${mention(EVE)} has 1/3 warnings:\n - advertising`);
    assert.equal(await warnsOf(MALLORY), `${mention(MALLORY)} has 1/3 warnings:\n - late`);

    since = await world.lastCallSeq();
    await world.say(DANA, '/resetallwarns');
    [question] = await world.sentMessages(since);
    const notOwner = await world.press(MOD, question, 'rmAllChatWarns|v1|a=yes');
    assert.equal(notOwner.text, 'Only the owner of this chat can do this.');
    assert.equal(notOwner.show_alert, true);
    assert.equal((await world.callsOf('editMessageText', since)).length, 0);
    assert.equal(await warnsOf(EVE), `${mention(EVE)} has 1/3 warnings:\n - advertising`);

    const done = await world.press(DANA, question, 'rmAllChatWarns|v1|a=yes');
    assert.equal(done.text, 'All warnings in this chat were removed.');
    [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.message_id, question.result.message_id);
    assert.equal(edit.params.text, 'All warnings in this chat were removed.');
    assert.equal(await warnsOf(EVE), `${mention(EVE)} has no warnings.`);
    assert.equal(await warnsOf(MALLORY), `${mention(MALLORY)} has no warnings.`);

    since = await world.lastCallSeq();
    await world.say(DANA, '/resetallwarns');
    const [nobody] = await world.sentMessages(since);
    assert.equal(nobody.params.text, 'Nobody in this chat has warnings.');
    assert.equal(nobody.params.reply_markup, undefined);
  });

  test('rmwarn, unwarn, resetwarns, resetwarn', async () => {
    await world.say(DANA, `/warn ${EVE.id} first`);
    await world.say(DANA, `/warn ${EVE.id} second`);
    let since = await world.lastCallSeq();
    await world.say(MOD, `/rmwarn ${EVE.id}`);
    assert.deepEqual(await world.replies(since), [`${mention(MOD)} removed the newest warning of ${mention(EVE)}.`]);
    assert.equal(await warnsOf(EVE), `${mention(EVE)} has 1/3 warnings:\n - first`);

    const message = await world.say(EVE, 'a message to reply to');
    since = await world.lastCallSeq();
    await world.say(MOD, '/unwarn', { reply_to_message_id: message.message.message_id });
    await world.say(MOD, `/unwarn ${EVE.id}`);
    assert.deepEqual(await world.replies(since), [
      `${mention(MOD)} removed the newest warning of ${mention(EVE)}.`,
      `${mention(EVE)} has no warnings.`,
    ]);

    for (const reason of ['a', 'b']) await world.say(DANA, `/warn ${EVE.id} ${reason}`);
    since = await world.lastCallSeq();
    await world.say(MOD, `/resetwarns @${EVE.username}`);
    await world.say(MOD, `/resetwarn ${EVE.id}`);
    assert.deepEqual(await world.replies(since), [
      `Removed all warnings of ${mention(EVE)}.`,
      `${mention(EVE)} has no warnings.`,
    ]);
    assert.equal(await warnsOf(EVE), `${mention(EVE)} has no warnings.`);
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);
    assert.equal((await member(EVE)).status, 'member');
  });

  test('setwarnlimit invalid values', async () => {
    const since = await world.lastCallSeq();
    for (const argument of ['', ' abc', ' 0', ' 101', ' -5', ' 2.5']) await world.say(DANA, `/setwarnlimit${argument}`);
    await world.say(MALLORY, '/setwarnlimit 5');
    await world.say(DANA, '/warnings');
    assert.deepEqual(await world.replies(since), [
      'Give the new warn limit, a number from 1 to 100: /setwarnlimit 3',
      '<code>abc</code> is not a whole number. Give a limit from 1 to 100.',
      'The warn limit must be from 1 to 100, not 0.',
      'The warn limit must be from 1 to 100, not 101.',
      'The warn limit must be from 1 to 100, not -5.',
      '<code>2.5</code> is not a whole number. Give a limit from 1 to 100.',
      'Only admins of this chat can use this command.',
      'Warn limit: 3\nWarn mode: mute',
    ]);
  });

  test('setwarnmode invalid values and kick', async () => {
    let since = await world.lastCallSeq();
    await world.say(DANA, '/setwarnmode');
    await world.say(DANA, '/setwarnmode explode');
    await world.say(EVE, '/setwarnmode kick');
    await world.say(MOD, '/setwarnmode KICK');
    await world.say(MOD, '/setwarnlimit 2');
    await world.say(MOD, '/warnings');
    assert.deepEqual(await world.replies(since), [
      'Give the warn mode: ban, kick, mute, tban DURATION or tmute DURATION.',
      '<code>explode</code> is not a warn mode. Use ban, kick, mute, tban DURATION or tmute DURATION.',
      'Only admins of this chat can use this command.',
      'The warn mode is now kick.',
      'The warn limit is now 2.',
      'Warn limit: 2\nWarn mode: kick',
    ]);

    since = await world.lastCallSeq();
    await world.say(DANA, `/warn ${EVE.id} first`);
    assert.equal((await world.callsOf('unbanChatMember', since)).length, 0);
    await world.say(DANA, `/warn ${EVE.id} second`);
    const kicks = await world.callsOf('unbanChatMember', since);
    assert.equal(kicks.length, 1);
    assert.deepEqual(kicks[0].params, { chat_id: CHAT, user_id: EVE.id });
    assert.equal((await world.callsOf('banChatMember', since)).length, 0);
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);
    assert.equal((await member(EVE)).status, 'left');
    assert.deepEqual(await world.replies(since), [
      `${mention(EVE)} has been warned (1/2).\n<b>Reason:</b> first`,
      `${mention(EVE)} reached 2/2 warnings and has been kicked.\n - first\n - second`,
    ]);
    await restore(EVE);
  });

  test('warnings for admins only', async () => {
    const since = await world.lastCallSeq();
    await world.say(EVE, '/warnings');
    await world.say(MOD, '/warnings');
    assert.deepEqual(await world.replies(since), [
      'Only admins of this chat can use this command.',
      'Warn limit: 2\nWarn mode: kick',
    ]);
  });

  test('setwarnmode tmute and tban', async () => {
    let since = await world.lastCallSeq();
    await world.say(DANA, '/setwarnmode tmute');
    await world.say(DANA, '/setwarnmode tban 10s');
    await world.say(DANA, '/setwarnmode tmute 1h');
    await world.say(DANA, '/warnings');
    assert.deepEqual(await world.replies(since), [
      'Give a duration, such as 30s, 10m, 1h30m, 2d or 1w.',
      '<code>10s</code> is out of range: Telegram accepts from 30 seconds to 366 days.',
      'The warn mode is now tmute 1 hour.',
      'Warn limit: 2\nWarn mode: tmute 1 hour',
    ]);

    since = await world.lastCallSeq();
    const last = [];
    for (const reason of ['first', 'second']) last.push(await world.say(DANA, `/warn ${EVE.id} ${reason}`));
    const restricts = await world.callsOf('restrictChatMember', since);
    assert.equal(restricts.length, 1);
    assert.equal(restricts[0].params.user_id, EVE.id);
    assert.equal(restricts[0].params.permissions.can_send_messages, false);
    // The bot counts the time from the date of the command message.
    assert.equal(restricts[0].params.until_date, last[1].message.date + 3600);
    const muted = await member(EVE);
    assert.equal(muted.status, 'restricted');
    assert.equal(muted.until_date, restricts[0].params.until_date);
    assert.deepEqual(await world.replies(since), [
      `${mention(EVE)} has been warned (1/2).\n<b>Reason:</b> first`,
      `${mention(EVE)} reached 2/2 warnings and has been muted for a while.\n - first\n - second`,
    ]);
    await restore(EVE);

    since = await world.lastCallSeq();
    await world.say(DANA, '/setwarnmode tban 2d');
    await world.say(DANA, '/setwarnlimit 1');
    const command = await world.say(DANA, `/warn ${MALLORY.id} spam`);
    const [ban] = await world.callsOf('banChatMember', since);
    assert.deepEqual(ban.params, { chat_id: CHAT, user_id: MALLORY.id, until_date: command.message.date + 172800 });
    assert.equal((await member(MALLORY)).status, 'kicked');
    assert.deepEqual(await world.replies(since), [
      'The warn mode is now tban 2 days.',
      'The warn limit is now 1.',
      `${mention(MALLORY)} reached 1/1 warnings and has been banned for a while.\n - spam`,
    ]);
    await restore(MALLORY);
  });

  test('warn rejections', async () => {
    const since = await world.lastCallSeq();
    await world.say(MALLORY, `/warn ${EVE.id}`);
    await world.say(MALLORY, `/swarn ${EVE.id}`);
    const target = await world.say(EVE, 'target');
    await world.say(MALLORY, '/dwarn', { reply_to_message_id: target.message.message_id });
    await world.say(DANA, `/warn ${MOD.id}`);
    await e.setMember({ chat_id: CHAT, user_id: BIG.id, status: 'left' });
    await world.say(DANA, `/warn ${BIG.id}`);
    assert.deepEqual(await world.replies(since), [
      ...Array(3).fill('Only admins of this chat can use this command.'),
      `${mention(MOD)} is an admin of this chat; admins cannot be punished.`,
      `${mention(BIG)} is not in this chat.`,
    ]);
    assert.equal((await world.callsOf('deleteMessage', since)).length, 0);
    assert.equal(await warnsOf(EVE), `${mention(EVE)} has no warnings.`);
    assert.equal(await warnsOf(BIG), `${mention(BIG)} has no warnings.`);
    await restore(BIG);
  });
});
