// forwardMessage, forwardMessages and copyMessages.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT_ID, callBot, callBotOk, setupGroup, startEmulator } from './helpers.mjs';

describe('forwarding and copying', () => {
  let emulator;
  let source;
  let target;
  before(async () => {
    emulator = await startEmulator();
    source = await setupGroup(emulator);
    target = await setupGroup(emulator, { members: 0 });
  });
  after(async () => { await emulator.stop(); });

  const inject = (fields) => emulator.send({ chat_id: source.chat.id, from: source.members[0].id, ...fields }).then((sent) => sent.message);
  const stored = async (chatId, messageId) => (await emulator.messages(chatId)).find((message) => message.message_id === messageId);

  test('forwardMessage sets the origin', async () => {
    const original = await inject({ text: 'hello /rules', entities: [{ type: 'italic', offset: 0, length: 5 }] });
    const forwarded = await callBotOk(emulator, 'forwardMessage', {
      chat_id: target.chat.id, from_chat_id: source.chat.id, message_id: original.message_id,
    });
    assert.equal(forwarded.text, 'hello /rules');
    assert.deepEqual(forwarded.entities, [{ type: 'italic', offset: 0, length: 5 }]);
    assert.deepEqual(forwarded.forward_origin, { type: 'user', sender_user: source.members[0], date: original.date });
    assert.equal(forwarded.forward_from.id, source.members[0].id);
    assert.equal(forwarded.forward_date, original.date);
    assert.equal(forwarded.from.id, BOT_ID);
    assert.equal((await stored(target.chat.id, forwarded.message_id)).forward_origin.type, 'user');
  });

  test('origins of forwards and admins', async () => {
    const anonymous = (await emulator.send({ chat_id: source.chat.id, sender_chat_id: source.chat.id, photo: 'fwd-photo-1', caption: 'anon' })).message;
    const first = await callBotOk(emulator, 'forwardMessage', { chat_id: target.chat.id, from_chat_id: source.chat.id, message_id: anonymous.message_id });
    assert.equal(first.forward_origin.type, 'chat');
    assert.equal(first.forward_origin.sender_chat.id, source.chat.id);
    assert.equal(first.forward_from_chat.id, source.chat.id);
    assert.equal(first.caption, 'anon');
    assert.equal(first.photo.at(-1).file_id, 'fwd-photo-1');
    const second = await callBotOk(emulator, 'forwardMessage', { chat_id: source.chat.id, from_chat_id: target.chat.id, message_id: first.message_id });
    assert.deepEqual(second.forward_origin, first.forward_origin);
  });

  test('forward and copy errors', async () => {
    const missing = await callBot(emulator, 'forwardMessage', { chat_id: target.chat.id, from_chat_id: source.chat.id, message_id: 99999 });
    assert.equal(missing.description, 'Bad Request: message to forward not found');
    const joined = await emulator.join(source.chat.id, (await emulator.createUser({ first_name: 'Svc' })).id);
    const service = await callBot(emulator, 'forwardMessage', { chat_id: target.chat.id, from_chat_id: source.chat.id, message_id: joined.message.message_id });
    assert.equal(service.description, "Bad Request: the message can't be forwarded");
    const serviceCopy = await callBot(emulator, 'copyMessage', { chat_id: target.chat.id, from_chat_id: source.chat.id, message_id: joined.message.message_id });
    assert.equal(serviceCopy.description, "Bad Request: the message can't be copied");
    const secret = await callBotOk(emulator, 'sendMessage', { chat_id: source.chat.id, text: 'secret', protect_content: true });
    const protectedForward = await callBot(emulator, 'forwardMessage', { chat_id: target.chat.id, from_chat_id: source.chat.id, message_id: secret.message_id });
    assert.equal(protectedForward.description, "Bad Request: message has protected content and can't be forwarded");
  });

  test('empty caption removes caption', async () => {
    const original = await inject({ video: 'fwd-video-1', caption: 'with caption' });
    const copy = await callBotOk(emulator, 'copyMessage', { chat_id: target.chat.id, from_chat_id: source.chat.id, message_id: original.message_id, caption: '' });
    const message = await stored(target.chat.id, copy.message_id);
    assert.equal(message.video.file_id, 'fwd-video-1');
    assert.equal(message.caption, undefined);
    assert.equal(message.forward_origin, undefined);
  });

  test('batch forward and copy', async () => {
    const a = await inject({ text: 'first' });
    const b = await inject({ sticker: 'fwd-sticker-1' });
    const forwarded = await callBotOk(emulator, 'forwardMessages', {
      chat_id: target.chat.id, from_chat_id: source.chat.id, message_ids: JSON.stringify([b.message_id, 88888, a.message_id]),
    });
    assert.equal(forwarded.length, 2);
    assert.equal((await stored(target.chat.id, forwarded[0].message_id)).text, 'first');
    assert.equal((await stored(target.chat.id, forwarded[1].message_id)).sticker.file_id, 'fwd-sticker-1');
    const copied = await callBotOk(emulator, 'copyMessages', { chat_id: target.chat.id, from_chat_id: source.chat.id, message_ids: [a.message_id] });
    assert.equal((await stored(target.chat.id, copied[0].message_id)).forward_origin, undefined);
    const none = await callBot(emulator, 'copyMessages', { chat_id: target.chat.id, from_chat_id: source.chat.id, message_ids: [] });
    assert.equal(none.description, 'Bad Request: message identifiers are not specified');
  });
});
