// setMessageReaction against Telegram's reaction emoji list, and users' reactions.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT_ID, callBot, callBotOk, drainUpdates, setupGroup, startEmulator } from './helpers.mjs';

describe('reactions', () => {
  let emulator;
  let group;
  let target;
  before(async () => {
    emulator = await startEmulator();
    group = await setupGroup(emulator);
    target = (await emulator.send({ chat_id: group.chat.id, from: group.members[0].id, text: 'react to me' })).message;
  });
  after(async () => { await emulator.stop(); });

  const react = (reaction, extra = {}) => callBot(emulator, 'setMessageReaction', {
    chat_id: group.chat.id, message_id: target.message_id, reaction: JSON.stringify(reaction), ...extra,
  });

  test('standard emoji are accepted and recorded', async () => {
    for (const emoji of ['👍', '❤', '❤\u200D🔥', '👨\u200D💻', '🤷\u200D♂', '🫡', '🆒']) {
      assert.equal((await react([{ type: 'emoji', emoji }])).ok, true, emoji);
    }
    await callBotOk(emulator, 'setMessageReaction', {
      chat_id: group.chat.id, message_id: target.message_id, reaction: [{ type: 'emoji', emoji: '🔥' }], is_big: true,
    });
    const reactions = await emulator.reactions(group.chat.id, target.message_id);
    assert.equal(reactions.length, 1);
    assert.equal(reactions[0].user.id, BOT_ID);
    assert.deepEqual(reactions[0].reaction, [{ type: 'emoji', emoji: '🔥' }]);
    assert.equal(reactions[0].is_big, true);
  });

  test('other emoji are REACTION_INVALID', async () => {
    for (const emoji of ['🦀', '❤️', 'ok', '👍🏽']) {
      assert.equal((await react([{ type: 'emoji', emoji }])).description, 'Bad Request: REACTION_INVALID', emoji);
    }
  });

  test('malformed reactions', async () => {
    assert.equal((await react([{ type: 'emoji', emoji: '' }])).description, 'Bad Request: invalid reaction type specified');
    assert.equal((await react([{ type: 'paid' }])).description, "Bad Request: can't parse ReactionType: invalid reaction type specified");
    assert.equal((await react([{ type: 'emoji' }])).description, 'Bad Request: can\'t parse ReactionType: Can\'t find field "emoji"');
    assert.equal((await react({ type: 'emoji', emoji: '👍' })).description, 'Bad Request: expected an Array of ReactionType');
    assert.equal((await callBot(emulator, 'setMessageReaction', { chat_id: group.chat.id, message_id: target.message_id, reaction: '[oops' })).description,
      "Bad Request: can't parse reaction types JSON object");
    assert.equal((await react([{ type: 'emoji', emoji: '👍' }, { type: 'emoji', emoji: '👎' }])).description, 'Bad Request: REACTIONS_TOO_MANY');
    assert.equal((await callBot(emulator, 'setMessageReaction', { chat_id: group.chat.id, message_id: 424242, reaction: [] })).description,
      'Bad Request: message to react not found');
  });

  test('an empty list removes the bot reaction', async () => {
    await callBotOk(emulator, 'setMessageReaction', { chat_id: group.chat.id, message_id: target.message_id, reaction: [{ type: 'emoji', emoji: '👍' }] });
    await callBotOk(emulator, 'setMessageReaction', { chat_id: group.chat.id, message_id: target.message_id });
    assert.deepEqual(await emulator.reactions(group.chat.id, target.message_id), []);
  });

  test('user reactions reach admin bots', async () => {
    const user = group.members[0];
    await drainUpdates(emulator);
    const first = await emulator.react({ chat_id: group.chat.id, message_id: target.message_id, from: user.id, emoji: '🎉' });
    assert.deepEqual(first.old_reaction, []);
    assert.deepEqual(await drainUpdates(emulator), [], 'message_reaction needs allowed_updates');
    await callBotOk(emulator, 'getUpdates', { allowed_updates: ['message', 'message_reaction'], timeout: 0 });
    const second = await emulator.react({ chat_id: group.chat.id, message_id: target.message_id, from: user.id, reaction: [{ type: 'emoji', emoji: '👍' }] });
    const [update] = await drainUpdates(emulator);
    assert.equal(update.update_id, second.update_id);
    assert.equal(update.message_reaction.user.id, user.id);
    assert.deepEqual(update.message_reaction.old_reaction, [{ type: 'emoji', emoji: '🎉' }]);
    assert.deepEqual(update.message_reaction.new_reaction, [{ type: 'emoji', emoji: '👍' }]);
    const reactions = await emulator.reactions(group.chat.id, target.message_id);
    assert.deepEqual(reactions.map((item) => item.user.id), [user.id]);
    await assert.rejects(emulator.react({ chat_id: group.chat.id, message_id: target.message_id, from: user.id, emoji: '🦀' }),
      (error) => error.status === 400);
    await callBotOk(emulator, 'getUpdates', { allowed_updates: [], timeout: 0 });
  });
});
