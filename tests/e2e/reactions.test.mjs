// Keyword reactions end to end, against the real warden binary and the telegram emulator:
// /addreaction, /removereaction, /reactions, /resetreactions, and the watcher that reacts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT, CHAT, DANA, EVE, MALLORY, MOD, World } from './harness.mjs';

describe('reactions', () => {
  let world;
  let e;

  async function answers(from, text, extra = {}) {
    const since = await world.lastCallSeq();
    await world.say(from, text, extra);
    return world.replies(since);
  }

  // Sends a message and returns the emoji of the bot's setMessageReaction calls on it.
  async function reactionsTo(from, text) {
    const since = await world.lastCallSeq();
    const sent = await world.say(from, text);
    const calls = await world.callsOf('setMessageReaction', since);
    for (const call of calls) {
      assert.equal(call.params.chat_id, CHAT);
      assert.equal(call.params.message_id, sent.message.message_id);
      assert.equal(call.ok, true);
    }
    return calls.map((call) => call.params.reaction.map((r) => `${r.type}:${r.emoji}`).join(','));
  }

  before(async () => {
    world = await World.start();
    e = world.emulator;
  });
  after(async () => { await world.close(); });

  test('members and moderators are rejected', async () => {
    assert.deepEqual(await answers(EVE, '/addreaction hello 👍'), ['Only admins of this chat can use this command.']);
    assert.deepEqual(await answers(MOD, '/addreaction hello 👍'), ['You need the <code>can_change_info</code> admin right to do this.']);
    assert.deepEqual(await answers(MALLORY, '/removereaction hello'), ['Only admins of this chat can use this command.']);
    assert.deepEqual(await answers(MALLORY, '/resetreactions'), ['Only admins of this chat can use this command.']);
    assert.deepEqual(await answers(EVE, '/reactions'), ['There are no keyword reactions in this chat. Add one with /addreaction.']);
  });

  test('usage and invalid emoji', async () => {
    const usage = "Give one keyword and one of Telegram's reaction emoji: <code>/addreaction hello 👍</code>. " +
      'Quote a keyword of several words: <code>/addreaction "good morning" 👍</code>';
    assert.deepEqual(await answers(DANA, '/addreaction'), [usage]);
    assert.deepEqual(await answers(DANA, '/addreaction hello'), [usage]);
    assert.deepEqual(await answers(DANA, '/addreaction hello 👍 extra'), [usage]);
    assert.deepEqual(await answers(DANA, '/addreaction hello 👋'), [
      "👋 is not one of Telegram's reaction emoji. Use a standard reaction, such as 👍 👎 ❤ 🔥 🥰 👏 😁 🤔 🤯 😱.",
    ]);
    assert.deepEqual(await answers(DANA, '/addreaction hello <b>'), [
      "&lt;b&gt; is not one of Telegram's reaction emoji. Use a standard reaction, such as 👍 👎 ❤ 🔥 🥰 👏 😁 🤔 🤯 😱.",
    ]);
    assert.deepEqual(await answers(DANA, '/removereaction'), ['Which keyword? <code>/removereaction hello</code>']);
    assert.deepEqual(await answers(DANA, '/reactions'), ['There are no keyword reactions in this chat. Add one with /addreaction.']);
  });

  test('add reactions and list them', async () => {
    assert.deepEqual(await answers(DANA, '/addreaction Hello 👍'), ['I will react with 👍 to messages containing <code>hello</code>.']);
    // The variation selector that clients add to ❤ is ignored.
    assert.deepEqual(await answers(DANA, '/addreaction love ❤\uFE0F'), ['I will react with ❤ to messages containing <code>love</code>.']);
    assert.deepEqual(await answers(DANA, '/addreaction ура 🎉'), ['I will react with 🎉 to messages containing <code>ура</code>.']);
    assert.deepEqual(await answers(DANA, '/addreaction dev 👨‍💻'), ['I will react with 👨‍💻 to messages containing <code>dev</code>.']);
    assert.deepEqual(await answers(EVE, '/reactions'), [
      `Keyword reactions in <b>Test group ${CHAT}</b>:\n - <code>dev</code> → 👨‍💻\n - <code>hello</code> → 👍\n - <code>love</code> → ❤\n - <code>ура</code> → 🎉`,
    ]);
  });

  test('a message with a keyword gets the reaction', async () => {
    assert.deepEqual(await reactionsTo(EVE, 'HELLO there'), ['emoji:👍']);
    const [last] = (await e.messages(CHAT)).slice(-1);
    const onMessage = await e.reactions(CHAT, last.message_id);
    assert.equal(onMessage.length, 1);
    assert.equal(onMessage[0].user.id, BOT.id);
    assert.deepEqual(onMessage[0].reaction, [{ type: 'emoji', emoji: '👍' }]);
    assert.deepEqual(await reactionsTo(MALLORY, 'УРА!'), ['emoji:🎉']);
    assert.deepEqual(await reactionsTo(EVE, 'I am a dev.'), ['emoji:👨‍💻']);
    assert.deepEqual(await reactionsTo(DANA, 'hellos and lovely'), []);
    assert.deepEqual(await reactionsTo(EVE, 'nothing here'), []);
    // Of several keywords, the alphabetically first one reacts, whatever its place in the text.
    assert.deepEqual(await reactionsTo(EVE, 'love you, hello'), ['emoji:👍']);
    assert.deepEqual(await reactionsTo(EVE, 'ура love'), ['emoji:❤']);
    // No reply is sent for a reaction.
    const since = await world.lastCallSeq();
    await world.say(EVE, 'hello');
    assert.deepEqual(await world.replies(since), []);
  });

  test('captions and edited messages get no reaction', async () => {
    const since = await world.lastCallSeq();
    const photo = await e.send({ chat_id: CHAT, from: EVE.id, photo: 'AgACAgIAAxkBAAIReactionPhoto1', caption: 'hello' });
    await world.handled(photo.update_id);
    const sent = await world.say(EVE, 'plain');
    const edited = await e.edit({ chat_id: CHAT, message_id: sent.message.message_id, text: 'hello' });
    await world.handled(edited.update_id);
    assert.deepEqual(await world.callsOf('setMessageReaction', since), []);
  });

  test('a filter and a reaction on the same message both happen', async () => {
    assert.deepEqual(await answers(DANA, '/filter hello Hi!'), ['Saved the filter <code>hello</code>.']);
    const since = await world.lastCallSeq();
    await world.say(EVE, 'hello');
    assert.deepEqual(await world.replies(since), ['Hi!']);
    const [reaction] = await world.callsOf('setMessageReaction', since);
    assert.equal(reaction.params.reaction[0].emoji, '👍');
  });

  test('adding a keyword again replaces its emoji', async () => {
    assert.deepEqual(await answers(DANA, '/addreaction HELLO 🔥'), ['I will react with 🔥 to messages containing <code>hello</code>.']);
    assert.deepEqual(await reactionsTo(EVE, 'hello'), ['emoji:🔥']);
  });

  test('remove one reaction', async () => {
    assert.deepEqual(await answers(DANA, '/removereaction nope'), [
      'There is no reaction for <code>nope</code> in this chat. /reactions lists them.',
    ]);
    assert.deepEqual(await answers(DANA, '/removereaction LOVE'), ['Removed the reaction for <code>love</code>.']);
    assert.deepEqual(await reactionsTo(EVE, 'love'), []);
  });

  test('reset removes all reactions', async () => {
    assert.deepEqual(await answers(DANA, '/resetreactions'), ['Removed every keyword reaction of this chat (3).']);
    assert.deepEqual(await reactionsTo(EVE, 'hello ура dev'), []);
    assert.deepEqual(await answers(EVE, '/reactions'), ['There are no keyword reactions in this chat. Add one with /addreaction.']);
    assert.deepEqual(await answers(DANA, '/resetreactions'), ['There are no keyword reactions in this chat. Add one with /addreaction.']);
  });

  test('quoted keyword of several words', async () => {
    assert.deepEqual(await answers(DANA, '/addreaction "Good Morning" 👍'), [
      'I will react with 👍 to messages containing <code>good morning</code>.',
    ]);
    assert.deepEqual(await reactionsTo(EVE, 'good morning, all'), ['emoji:👍']);
    assert.deepEqual(await reactionsTo(EVE, 'good evening, morning'), []);
    // Without quotes the words are separate arguments.
    const [usage] = await answers(DANA, '/addreaction good night 👍');
    assert.ok(usage.startsWith('Give one keyword'), usage);
    assert.deepEqual(await answers(DANA, '/removereaction good morning'), ['Removed the reaction for <code>good morning</code>.']);
    assert.deepEqual(await reactionsTo(EVE, 'good morning'), []);
  });

  test('commands get no reaction', async () => {
    assert.deepEqual(await answers(DANA, '/addreaction love ❤'), ['I will react with ❤ to messages containing <code>love</code>.']);
    assert.deepEqual(await reactionsTo(EVE, '/foo love'), []);
    assert.deepEqual(await reactionsTo(EVE, '/reactions love'), []);
    assert.deepEqual(await reactionsTo(EVE, 'I love it'), ['emoji:❤']);
    await answers(DANA, '/resetreactions');
  });

  test('at most 150 reactions per chat', async () => {
    for (let i = 1; i <= 150; i += 1) await world.say(DANA, `/addreaction r${i} 👍`);
    assert.deepEqual(await answers(DANA, '/addreaction r151 👍'), [
      'This chat has 150 keyword reactions and the limit is 150. Remove some with /removereaction before adding more.',
    ]);
    // Changing the emoji of a keyword is still possible at the limit.
    assert.deepEqual(await answers(DANA, '/addreaction R7 🔥'), ['I will react with 🔥 to messages containing <code>r7</code>.']);
    assert.deepEqual(await reactionsTo(EVE, 'r151 r7'), ['emoji:🔥']);
    assert.deepEqual(await answers(DANA, '/resetreactions'), ['Removed every keyword reaction of this chat (150).']);
  });
});
