// Filters end to end, against the real warden binary and the telegram emulator: /filter
// (/addfilter), /stop (/rmfilter, /removefilter), /filters, /stopall, and the watcher that
// replies to keywords.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { CHAT, DANA, EVE, MALLORY, MOD, OTHER_CHAT, World, buttonsOf } from './harness.mjs';

const EVE_ESCAPED = '&lt;b&gt;Eve&lt;/b&gt; &amp; co';

describe('filters', () => {
  let world;
  let e;

  // Sends `text` as `from` and returns the texts of the bot's messages in the chat after it.
  async function answers(from, text, extra = {}, chatId = CHAT) {
    const since = await world.lastCallSeq();
    await world.sayIn(chatId, from, text, extra);
    return world.replies(since, chatId);
  }

  // Sends a message and returns the bot's sendMessage calls that follow it.
  async function fired(from, text, extra = {}) {
    const since = await world.lastCallSeq();
    const sent = await world.say(from, text, extra);
    const calls = await world.sentMessages(since);
    return { sent, calls };
  }

  before(async () => {
    world = await World.start();
    e = world.emulator;
    // Messages from the members, so that the bot stores their names.
    for (const user of [EVE, MALLORY]) await world.say(user, `hello from ${user.first_name}`);
  });
  after(async () => { await world.close(); });

  test('members and moderators are rejected', async () => {
    assert.deepEqual(await answers(EVE, '/filter hi Hello'), ['Only admins of this chat can use this command.']);
    assert.deepEqual(await answers(MOD, '/addfilter hi Hello'), ['You need the <code>can_change_info</code> admin right to do this.']);
    assert.deepEqual(await answers(EVE, '/stop hi'), ['Only admins of this chat can use this command.']);
    assert.deepEqual(await answers(MOD, '/rmfilter hi'), ['You need the <code>can_change_info</code> admin right to do this.']);
    assert.deepEqual(await answers(EVE, '/filters'), ['There are no filters in this chat. Add one with /filter.']);
  });

  test('usage replies', async () => {
    const usage = 'Give a keyword and its reply: <code>/filter hello Hi there!</code>, or reply to a message with <code>/filter hello</code>. Quote a keyword of several words: <code>/filter "good morning" Hi!</code>';
    assert.deepEqual(await answers(DANA, '/filter'), [usage]);
    assert.deepEqual(await answers(DANA, '/filter lonely'), [
      'There is nothing to save. Write some text after the command, or reply to a message with text or media.',
    ]);
    const long = 'x'.repeat(101);
    assert.deepEqual(await answers(DANA, `/filter ${long} reply`), [
      `The keyword <code>${'x'.repeat(59)}…</code> is 101 characters long; a keyword can have at most 100.`,
    ]);
    assert.deepEqual(await answers(DANA, '/stop'), [
      'Which filter should I remove? Give its keyword: <code>/stop hello</code>, with quotes for several words.',
    ]);
  });

  test('saved filter replies formatted to anyone', async () => {
    assert.deepEqual(await answers(DANA, '/filter hello Hi *there*, {first}!\nWelcome to {chatname}.'), [
      'Saved the filter <code>hello</code>.',
    ]);
    const { sent, calls } = await fired(EVE, 'Well, HELLO everyone');
    assert.equal(calls.length, 1);
    assert.equal(calls[0].params.text, `Hi <b>there</b>, ${EVE_ESCAPED}!\nWelcome to Test group ${CHAT}.`);
    assert.equal(calls[0].params.reply_parameters.message_id, sent.message.message_id);
    assert.equal(calls[0].params.link_preview_options.is_disabled, true);
    assert.equal(calls[0].params.disable_notification, undefined);
    // Admins trigger filters too.
    const byAdmin = await fired(DANA, 'hello');
    assert.equal(byAdmin.calls.length, 1);
    assert.equal(byAdmin.calls[0].params.text, 'Hi <b>there</b>, Dana!\nWelcome to Test group ' + CHAT + '.');
  });

  test('keywords match whole words in any case and script', async () => {
    assert.deepEqual(await answers(DANA, '/filter спам Не спамьте, пожалуйста'), ['Saved the filter <code>спам</code>.']);
    assert.deepEqual(await answers(DANA, '/filter spam No spam here'), ['Saved the filter <code>spam</code>.']);
    assert.deepEqual(await answers(EVE, 'это СПАМ!'), ['Не спамьте, пожалуйста']);
    assert.deepEqual(await answers(EVE, 'ＳＰＡＭ'), ['No spam here']);
    assert.deepEqual(await answers(EVE, 'anti-Spam.'), ['No spam here']);
    assert.deepEqual(await answers(EVE, 'I am a spammer'), []);
    assert.deepEqual(await answers(EVE, 'спамер'), []);
  });

  test('a quoted keyword of several words', async () => {
    assert.deepEqual(await answers(DANA, '/filter "good morning" Morning, {first}!'), [
      'Saved the filter <code>good morning</code>.',
    ]);
    assert.deepEqual(await answers(EVE, 'Good Morning all'), [`Morning, ${EVE_ESCAPED}!`]);
    assert.deepEqual(await answers(EVE, 'good mornings'), []);
  });

  test('several keywords with one reply', async () => {
    assert.deepEqual(await answers(DANA, '/filter (hey, yo , "good day") Hello <you>!'), [
      'Saved filters for <code>hey</code>, <code>yo</code>, <code>good day</code>.',
    ]);
    for (const text of ['hey', 'Yo!', 'a good day to you']) {
      assert.deepEqual(await answers(MALLORY, text), ['Hello &lt;you&gt;!'], text);
    }
  });

  test('first keyword in the text fires', async () => {
    assert.deepEqual(await answers(EVE, 'yo, hello and spam'), ['Hello &lt;you&gt;!']);
    assert.deepEqual(await answers(EVE, 'spam and hello'), ['No spam here']);
  });

  test('list and remove in any script', async () => {
    const texts = await answers(EVE, '/filters');
    assert.deepEqual(texts, [
      `Filters in <b>Test group ${CHAT}</b>:\n - <code>good day</code>\n - <code>good morning</code>\n - <code>hello</code>\n - <code>hey</code>\n - <code>spam</code>\n - <code>yo</code>\n - <code>спам</code>`,
    ]);
    assert.deepEqual(await answers(DANA, '/stop СПАМ'), ['Removed the filter for <code>СПАМ</code>.']);
    assert.deepEqual(await answers(DANA, '/removefilter "Good Day"'), ['Removed the filter for <code>Good Day</code>.']);
    assert.deepEqual(await answers(DANA, '/stop good day'), [
      'There is no filter for <code>good day</code> in this chat. /filters lists them.',
    ]);
    assert.deepEqual(await answers(DANA, '/rmfilter <nope>'), [
      'There is no filter for <code>&lt;nope&gt;</code> in this chat. /filters lists them.',
    ]);
    assert.deepEqual(await answers(EVE, 'это спам'), []);
    assert.deepEqual(await answers(EVE, 'a good day'), []);
  });

  test('overwrite asks the requesting admin', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, '/filter hello Replaced {first}');
    const [question] = await world.sentMessages(since);
    assert.equal(question.params.text, 'There is already a filter for <code>hello</code>. Replace its reply with the new one?');
    const [yes, no] = buttonsOf(question);
    assert.equal(yes.text, 'Yes');
    assert.equal(no.text, 'No');

    const member = await world.press(EVE, question, yes.callback_data);
    assert.equal(member.text, 'Only admins can use this button.');
    const other = await world.press(MOD, question, yes.callback_data);
    assert.equal(other.text, 'Only the admin who sent this /filter command can answer.');
    assert.equal(other.show_alert, true);
    assert.deepEqual(await answers(EVE, 'hello'), [`Hi <b>there</b>, ${EVE_ESCAPED}!\nWelcome to Test group ${CHAT}.`]);

    const editSince = await world.lastCallSeq();
    const answer = await world.press(DANA, question, yes.callback_data);
    assert.equal(answer.text, 'Updated.');
    const [edit] = await world.callsOf('editMessageText', editSince);
    assert.equal(edit.params.text, 'Updated the filters for <code>hello</code>.');
    assert.deepEqual(await answers(EVE, 'hello'), [`Replaced ${EVE_ESCAPED}`]);

    // A second press finds nothing left to confirm.
    const again = await world.press(DANA, question, yes.callback_data);
    assert.equal(again.text, 'This question has expired. Send the /filter command again.');
  });

  test('overwriting can be cancelled', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, '/filter (hello, fresh) Something else');
    const [saved, question] = await world.sentMessages(since);
    assert.equal(saved.params.text, 'Saved the filter <code>fresh</code>.');
    assert.equal(question.params.text, 'There is already a filter for <code>hello</code>. Replace its reply with the new one?');
    const [, no] = buttonsOf(question);
    const editSince = await world.lastCallSeq();
    const answer = await world.press(DANA, question, no.callback_data);
    assert.equal(answer.text, 'Cancelled.');
    const [edit] = await world.callsOf('editMessageText', editSince);
    assert.equal(edit.params.text, 'Cancelled; the filters for <code>hello</code> were not changed.');
    assert.deepEqual(await answers(EVE, 'hello'), [`Replaced ${EVE_ESCAPED}`]);
    assert.deepEqual(await answers(EVE, 'fresh'), ['Something else']);
  });

  test('a filter saved from a replied message keeps its media', async () => {
    const photo = await e.send({
      chat_id: CHAT, from: EVE.id, photo: 'AgACAgIAAxkBAAIFiltersPhoto1', caption: 'Look at this',
      caption_entities: [{ type: 'bold', offset: 8, length: 4 }],
    });
    await world.handled(photo.update_id);
    const photoId = photo.message.photo.at(-1).file_id;
    assert.deepEqual(await answers(DANA, '/filter Cat Picture', { reply_to_message_id: photo.message.message_id }), [
      'Saved the filter <code>Cat Picture</code>.',
    ]);
    const sticker = await e.send({ chat_id: CHAT, from: EVE.id, sticker: 'CAACAgIAAxkBAAIFiltersSticker1' });
    await world.handled(sticker.update_id);
    const stickerId = sticker.message.sticker.file_id;
    assert.deepEqual(await answers(DANA, '/filter wave', { reply_to_message_id: sticker.message.message_id }), [
      'Saved the filter <code>wave</code>.',
    ]);

    let since = await world.lastCallSeq();
    const trigger = await world.say(MALLORY, 'show me the cat picture');
    const photos = await world.callsIn('sendPhoto', since);
    assert.equal(photos.length, 1);
    assert.equal(photos[0].params.photo, photoId);
    assert.equal(photos[0].params.caption, 'Look at <b>this</b>');
    assert.equal(photos[0].params.reply_parameters.message_id, trigger.message.message_id);
    assert.deepEqual(await world.replies(since), []);

    since = await world.lastCallSeq();
    await world.say(MALLORY, '*wave*');
    const stickers = await world.callsIn('sendSticker', since);
    assert.equal(stickers.length, 1);
    assert.equal(stickers[0].params.sticker, stickerId);
  });

  test('a text filter saved from a replied message keeps its formatting', async () => {
    const note = await world.say(EVE, 'Read the pinned message', {
      entities: [{ type: 'bold', offset: 9, length: 6 }],
    });
    assert.deepEqual(await answers(DANA, '/filter "where rules"', { reply_to_message_id: note.message.message_id }), [
      'Saved the filter <code>where rules</code>.',
    ]);
    assert.deepEqual(await answers(MALLORY, 'where rules?'), ['Read the <b>pinned</b> message']);
    assert.deepEqual(await answers(DANA, '/filter (guide, "the manual")', { reply_to_message_id: note.message.message_id }), [
      'Saved filters for <code>guide</code>, <code>the manual</code>.',
    ]);
    assert.deepEqual(await answers(MALLORY, 'read THE MANUAL'), ['Read the <b>pinned</b> message']);
    assert.deepEqual(await answers(MALLORY, 'a guide'), ['Read the <b>pinned</b> message']);
  });

  test('keyword noformat shows the source to admins only', async () => {
    assert.deepEqual(await answers(DANA, '/filter fmt *bold* {first} [Site](buttonurl://example.org)'), ['Saved the filter <code>fmt</code>.']);
    assert.deepEqual(await answers(DANA, 'fmt noformat'), ['*bold* {first} [Site](buttonurl://example.org)']);
    const { calls } = await fired(EVE, 'FMT NOFORMAT');
    assert.equal(calls.length, 1);
    assert.equal(calls[0].params.text, `<b>bold</b> ${EVE_ESCAPED}`);
    assert.deepEqual(buttonsOf(calls[0]).map((b) => [b.text, b.url]), [['Site', 'https://example.org']]);
  });

  test('buttons that cannot be used are reported and the rest is saved', async () => {
    const texts = await answers(DANA, '/filter btn Links [Ok](buttonurl://example.org) [Bad](buttonurl://javascript:alert)');
    assert.equal(texts.length, 1);
    assert.match(texts[0], /^Saved the filter <code>btn<\/code>\.\nThe button <b>Bad<\/b> \(<code>javascript:alert<\/code>\) was left out: /);
    const { calls } = await fired(EVE, 'btn');
    assert.deepEqual(buttonsOf(calls[0]).map((b) => b.text), ['Ok']);
  });

  test('random variants and silent filters', async () => {
    assert.deepEqual(await answers(DANA, '/filter coin heads %%% tails'), ['Saved the filter <code>coin</code>.']);
    const seen = new Set();
    for (let i = 0; i < 16; i += 1) {
      const texts = await answers(EVE, 'coin');
      assert.equal(texts.length, 1);
      seen.add(texts[0]);
    }
    assert.ok([...seen].every((text) => text === 'heads' || text === 'tails'), [...seen].join('|'));
    assert.equal(seen.size, 2);

    assert.deepEqual(await answers(DANA, '/filter quiet {nonotif} shh'), ['Saved the filter <code>quiet</code>.']);
    const { calls } = await fired(EVE, 'quiet');
    assert.equal(calls[0].params.text, 'shh');
    assert.equal(calls[0].params.disable_notification, true);
  });

  test('an edited message does not fire filters', async () => {
    const sent = await world.say(EVE, 'nothing to see');
    const since = await world.lastCallSeq();
    const edited = await e.edit({ chat_id: CHAT, message_id: sent.message.message_id, text: 'hello there' });
    await world.handled(edited.update_id);
    assert.deepEqual(await world.replies(since), []);
  });

  test('anonymous admins and channels trigger filters without a person', async () => {
    const since = await world.lastCallSeq();
    const sent = await e.send({ chat_id: CHAT, sender_chat_id: CHAT, text: 'hello' });
    await world.handled(sent.update_id);
    assert.deepEqual(await world.replies(since), ['Replaced PersonWithNoName']);
  });

  test('commands do not trigger filters', async () => {
    assert.deepEqual(await answers(EVE, '/filters hello'), [
      `Filters in <b>Test group ${CHAT}</b>:\n - <code>btn</code>\n - <code>Cat Picture</code>\n - <code>coin</code>\n - <code>fmt</code>\n - <code>fresh</code>\n - <code>good morning</code>\n - <code>guide</code>\n - <code>hello</code>\n - <code>hey</code>\n - <code>quiet</code>\n - <code>spam</code>\n - <code>the manual</code>\n - <code>wave</code>\n - <code>where rules</code>\n - <code>yo</code>`,
    ]);
  });

  test('unknown commands trigger no filter', async () => {
    assert.deepEqual(await answers(EVE, '/unknowncmd hello'), []);
    assert.deepEqual(await answers(EVE, '/unknowncmd@warden_test_bot hello'), []);
    assert.deepEqual(await answers(EVE, 'say hello'), [`Replaced ${EVE_ESCAPED}`]);
  });

  test('{nonotif} in code stays text', async () => {
    assert.deepEqual(await answers(DANA, '/filter nn `{nonotif}` is a flag'), ['Saved the filter <code>nn</code>.']);
    let { calls } = await fired(EVE, 'nn');
    assert.equal(calls[0].params.text, '<code>{nonotif}</code> is a flag');
    assert.notEqual(calls[0].params.disable_notification, true);

    assert.deepEqual(await answers(DANA, '/filter hush {nonotif} Quiet `{nonotif}`'), ['Saved the filter <code>hush</code>.']);
    ({ calls } = await fired(EVE, 'hush'));
    assert.equal(calls[0].params.text, 'Quiet <code>{nonotif}</code>');
    assert.equal(calls[0].params.disable_notification, true);
    assert.deepEqual(await answers(DANA, 'hush noformat'), ['{nonotif} Quiet `{nonotif}`']);
    await answers(DANA, '/stop nn');
    await answers(DANA, '/stop hush');
  });

  test('a chat has at most 150 filters', async () => {
    const keywords = Array.from({ length: 149 }, (_, i) => `k${i + 1}`);
    const saved = await answers(DANA, `/filter (${keywords.join(', ')}) x`, {}, OTHER_CHAT);
    assert.equal(saved.length, 1);
    assert.ok(saved[0].startsWith('Saved filters for <code>k1</code>, <code>k2</code>,'), saved[0]);
    assert.deepEqual(await answers(DANA, '/filter (k150, k151) x', {}, OTHER_CHAT), [
      'This chat has 149 filters and the limit is 150. Remove some with /stop before adding more.',
    ]);
    assert.deepEqual(await answers(DANA, '/filter k150 x', {}, OTHER_CHAT), ['Saved the filter <code>k150</code>.']);
    assert.deepEqual(await answers(DANA, '/filter k151 x', {}, OTHER_CHAT), [
      'This chat has 150 filters and the limit is 150. Remove some with /stop before adding more.',
    ]);
    // Replacing an existing filter is still possible at the limit.
    const texts = await answers(DANA, '/filter k1 y', {}, OTHER_CHAT);
    assert.deepEqual(texts, ['There is already a filter for <code>k1</code>. Replace its reply with the new one?']);
    assert.deepEqual(await answers(EVE, 'k151 k150', {}, OTHER_CHAT), ['x']);
  });

  test('overwrite confirmation rechecks the limit', async () => {
    // The chat has 150 filters. The question is asked, its filter removed and another saved.
    let since = await world.lastCallSeq();
    await world.sayIn(OTHER_CHAT, DANA, '/filter k2 other');
    let [question] = await world.sentMessages(since, OTHER_CHAT);
    assert.deepEqual(await answers(DANA, '/stop k2', {}, OTHER_CHAT), ['Removed the filter for <code>k2</code>.']);
    assert.deepEqual(await answers(DANA, '/filter k200 x', {}, OTHER_CHAT), ['Saved the filter <code>k200</code>.']);
    since = await world.lastCallSeq();
    const overLimit = await world.press(DANA, question, buttonsOf(question)[0].callback_data);
    assert.equal(overLimit.text, 'That would pass the filter limit.');
    assert.equal(overLimit.show_alert, true);
    const [edit] = await world.callsIn('editMessageText', since, OTHER_CHAT);
    assert.equal(edit.params.text,
      'Nothing was changed. Since the question, the filters for <code>k2</code> were removed, and saving them ' +
      'again would pass the limit of 150 filters (this chat has 150). Remove some with /stop, then send the /filter command again.');
    assert.deepEqual(await answers(EVE, 'k2', {}, OTHER_CHAT), []);
    const list = (await answers(EVE, '/filters', {}, OTHER_CHAT)).join('\n');
    assert.equal(list.match(/<code>/g).length, 150);

    // Below the limit, Yes saves the removed filter again.
    assert.deepEqual(await answers(DANA, '/stop k200', {}, OTHER_CHAT), ['Removed the filter for <code>k200</code>.']);
    since = await world.lastCallSeq();
    await world.sayIn(OTHER_CHAT, DANA, '/filter k3 other');
    [question] = await world.sentMessages(since, OTHER_CHAT);
    assert.deepEqual(await answers(DANA, '/stop k3', {}, OTHER_CHAT), ['Removed the filter for <code>k3</code>.']);
    assert.equal((await world.press(DANA, question, buttonsOf(question)[0].callback_data)).text, 'Updated.');
    assert.deepEqual(await answers(EVE, 'k3', {}, OTHER_CHAT), ['other']);
    assert.deepEqual(await answers(DANA, '/filter k2 x', {}, OTHER_CHAT), ['Saved the filter <code>k2</code>.']);
  });

  test('stopall question expires, checks the count', async () => {
    const expired = 'This question has expired. Send /stopall again.';
    // A button without the question's token, as /stopall made before, has expired.
    let since = await world.lastCallSeq();
    await world.sayIn(OTHER_CHAT, DANA, '/stopall');
    let [question] = await world.sentMessages(since, OTHER_CHAT);
    const old = await world.press(DANA, question, 'rmAllFilters|v1|a=yes');
    assert.equal(old.text, expired);
    let [edit] = await world.callsIn('editMessageText', since, OTHER_CHAT);
    assert.equal(edit.params.text, expired);
    assert.deepEqual(await answers(EVE, 'k7', {}, OTHER_CHAT), ['x']);

    // Filters changed since the question: nothing is removed.
    since = await world.lastCallSeq();
    await world.sayIn(OTHER_CHAT, DANA, '/stopall');
    [question] = await world.sentMessages(since, OTHER_CHAT);
    const [yes] = buttonsOf(question);
    await world.sayIn(OTHER_CHAT, DANA, '/stop k150');
    since = await world.lastCallSeq();
    const changed = await world.press(DANA, question, yes.callback_data);
    assert.equal(changed.text, 'The filters changed since the question.');
    [edit] = await world.callsIn('editMessageText', since, OTHER_CHAT);
    assert.equal(edit.params.text,
      'No filters were removed: the chat had 150 filters when I asked and has 149 now. Send /stopall again.');
    // The question was used up.
    assert.equal((await world.press(DANA, question, yes.callback_data)).text, expired);
    assert.deepEqual(await answers(EVE, 'k7', {}, OTHER_CHAT), ['x']);
    assert.deepEqual(await answers(DANA, '/filter k150 x', {}, OTHER_CHAT), ['Saved the filter <code>k150</code>.']);
  });

  test('stopall is for the owner, asks first, and can be cancelled', async () => {
    assert.deepEqual(await answers(MOD, '/stopall', {}, OTHER_CHAT), ['Only the owner of this chat can do this.']);
    let since = await world.lastCallSeq();
    await world.sayIn(OTHER_CHAT, DANA, '/stopall');
    let [question] = await world.sentMessages(since, OTHER_CHAT);
    assert.equal(question.params.text, 'Remove all 150 filters of this chat? This cannot be undone.');
    let [yes, no] = buttonsOf(question);
    const denied = await world.press(MOD, question, yes.callback_data);
    assert.equal(denied.text, 'Only the owner of this chat can do this.');
    assert.equal(denied.show_alert, true);
    const cancelled = await world.press(DANA, question, no.callback_data);
    assert.equal(cancelled.text, 'Cancelled.');
    const [cancelEdit] = await world.callsIn('editMessageText', since, OTHER_CHAT);
    assert.equal(cancelEdit.params.text, 'Cancelled; no filters were removed.');
    assert.deepEqual(await answers(EVE, 'k7', {}, OTHER_CHAT), ['x']);

    since = await world.lastCallSeq();
    await world.sayIn(OTHER_CHAT, DANA, '/stopall');
    [question] = await world.sentMessages(since, OTHER_CHAT);
    [yes, no] = buttonsOf(question);
    const done = await world.press(DANA, question, yes.callback_data);
    assert.equal(done.text, 'Removed all 150 filters of this chat.');
    const [edit] = await world.callsIn('editMessageText', since, OTHER_CHAT);
    assert.equal(edit.params.text, 'Removed all 150 filters of this chat.');
    assert.deepEqual(await answers(EVE, 'k7', {}, OTHER_CHAT), []);
    assert.deepEqual(await answers(DANA, '/stopall', {}, OTHER_CHAT), ['There are no filters in this chat. Add one with /filter.']);
    assert.deepEqual(await answers(EVE, '/filters', {}, OTHER_CHAT), ['There are no filters in this chat. Add one with /filter.']);
    // The other chat keeps its filters.
    assert.equal((await answers(EVE, 'coin flip')).length, 1);
  });

  test('filters survive a restart', async () => {
    await world.stopBot();
    await world.startBot();
    assert.deepEqual(await answers(EVE, 'fresh'), ['Something else']);
  });
});
