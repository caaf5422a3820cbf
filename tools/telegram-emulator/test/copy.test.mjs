// copyMessage and setMessageReaction.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { callBot, callBotOk, setupGroup, startEmulator } from './helpers.mjs';

describe('copyMessage and setMessageReaction', () => {
  let emulator;
  let group;
  before(async () => {
    emulator = await startEmulator();
    group = await setupGroup(emulator);
  });
  after(async () => { await emulator.stop(); });

  test('copies a photo with its caption', async () => {
    const sent = await emulator.send({ chat_id: group.chat.id, from: group.owner.id, photo: 'AgACphoto1', caption: 'look' });
    const copied = await callBotOk(emulator, 'copyMessage', { chat_id: group.chat.id, from_chat_id: group.chat.id, message_id: sent.message.message_id });
    assert.ok(Number.isInteger(copied.message_id));
    const messages = await emulator.messages(group.chat.id);
    const copy = messages.find((m) => m.message_id === copied.message_id);
    assert.equal(copy.caption, 'look');
    assert.ok(copy.photo);
    assert.equal(copy.forward_origin, undefined);
  });

  test('replaces the caption when one is given', async () => {
    const sent = await emulator.send({ chat_id: group.chat.id, from: group.owner.id, document: 'BQACdoc1', caption: 'old' });
    const copied = await callBotOk(emulator, 'copyMessage', {
      chat_id: group.chat.id, from_chat_id: group.chat.id, message_id: sent.message.message_id, caption: '<b>new</b>', parse_mode: 'HTML',
    });
    const copy = (await emulator.messages(group.chat.id)).find((m) => m.message_id === copied.message_id);
    assert.equal(copy.caption, 'new');
    assert.equal(copy.caption_entities[0].type, 'bold');
  });

  test('copies text with entities', async () => {
    const sent = await emulator.send({ chat_id: group.chat.id, from: group.owner.id, text: 'hello', entities: [{ type: 'italic', offset: 0, length: 5 }] });
    const copied = await callBotOk(emulator, 'copyMessage', { chat_id: group.chat.id, from_chat_id: group.chat.id, message_id: sent.message.message_id });
    const copy = (await emulator.messages(group.chat.id)).find((m) => m.message_id === copied.message_id);
    assert.equal(copy.text, 'hello');
    assert.equal(copy.entities[0].type, 'italic');
  });

  test('missing message is an error', async () => {
    const body = await callBot(emulator, 'copyMessage', { chat_id: group.chat.id, from_chat_id: group.chat.id, message_id: 999999 });
    assert.equal(body.ok, false);
    assert.equal(body.description, 'Bad Request: message to copy not found');
  });

  test('reactions are checked', async () => {
    const sent = await emulator.send({ chat_id: group.chat.id, from: group.owner.id, text: 'react to me' });
    const ok = await callBot(emulator, 'setMessageReaction', { chat_id: group.chat.id, message_id: sent.message.message_id, reaction: [{ type: 'emoji', emoji: '👍' }] });
    assert.equal(ok.ok, true);
    const bad = await callBot(emulator, 'setMessageReaction', { chat_id: group.chat.id, message_id: sent.message.message_id, reaction: [{ type: 'nonsense' }] });
    assert.equal(bad.description, "Bad Request: can't parse ReactionType: invalid reaction type specified");
    const gone = await callBot(emulator, 'setMessageReaction', { chat_id: group.chat.id, message_id: 999999, reaction: [] });
    assert.equal(gone.description, 'Bad Request: message to react not found');
  });
});
