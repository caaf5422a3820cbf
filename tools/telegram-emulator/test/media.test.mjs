// Media messages: injecting them as users, sending them by file_id as the bot, and the errors for
// unknown file ids and ids of another kind.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT_ID, callBot, callBotOk, drainUpdates, setupGroup, startEmulator } from './helpers.mjs';

const METHODS = {
  photo: 'sendPhoto', video: 'sendVideo', animation: 'sendAnimation', document: 'sendDocument',
  sticker: 'sendSticker', audio: 'sendAudio', voice: 'sendVoice', video_note: 'sendVideoNote',
};

describe('media messages', () => {
  let emulator;
  let group;
  before(async () => {
    emulator = await startEmulator();
    group = await setupGroup(emulator);
  });
  after(async () => { await emulator.stop(); });

  const inject = (fields) => emulator.send({ chat_id: group.chat.id, from: group.members[0].id, ...fields });

  test('injected photo with caption entities', async () => {
    await drainUpdates(emulator);
    const photo = [
      { file_id: 'AgACAgQAAxkBAAIBpMall', file_unique_id: 'AQADsmall', width: 90, height: 67, file_size: 1200 },
      { file_id: 'AgACAgQAAxkBAAIBpMbig', file_unique_id: 'AQADbig', width: 1280, height: 960, file_size: 98000 },
    ];
    const sent = await inject({ photo, caption: 'Rules 📜 here', caption_entities: [{ type: 'bold', offset: 9, length: 4 }] });
    assert.deepEqual(sent.message.photo, photo);
    assert.equal(sent.message.caption, 'Rules 📜 here');
    const [update] = await drainUpdates(emulator);
    assert.deepEqual(update.message.photo, photo);
    assert.deepEqual(update.message.caption_entities, [{ type: 'bold', offset: 9, length: 4 }]);
  });

  test('every media kind round-trips', async () => {
    for (const [kind, method] of Object.entries(METHODS)) {
      const fileId = `media-${kind}-1`;
      const sent = await inject({ [kind]: fileId, ...(kind === 'sticker' || kind === 'video_note' ? {} : { caption: `a ${kind}` }) });
      const original = sent.message[kind];
      const params = { chat_id: group.chat.id, [kind]: fileId };
      if (kind !== 'sticker' && kind !== 'video_note') Object.assign(params, { caption: `<i>again</i> ${kind}`, parse_mode: 'HTML' });
      const message = await callBotOk(emulator, method, params);
      assert.deepEqual(message[kind], original, `${method} sends the same ${kind}`);
      if (kind !== 'sticker' && kind !== 'video_note') {
        assert.equal(message.caption, `again ${kind}`);
        assert.deepEqual(message.caption_entities, [{ type: 'italic', offset: 0, length: 5 }]);
      }
      const stored = (await emulator.messages(group.chat.id)).find((item) => item.message_id === message.message_id);
      assert.deepEqual(stored[kind], original, `the ${kind} is in the chat history`);
      assert.equal(stored.from.id, BOT_ID);
    }
  });

  test('note from replied photo resends', async () => {
    const photoMessage = (await inject({ photo: 'note-photo-1', caption: 'the #rules' })).message;
    const command = (await inject({ text: '/save rules', reply_to_message_id: photoMessage.message_id })).message;
    const replied = command.reply_to_message;
    const largest = replied.photo[replied.photo.length - 1];
    assert.equal(largest.file_id, 'note-photo-1');
    const note = await callBotOk(emulator, 'sendPhoto', {
      chat_id: group.chat.id, photo: largest.file_id, caption: replied.caption,
      caption_entities: JSON.stringify(replied.caption_entities), reply_parameters: JSON.stringify({ message_id: command.message_id }),
    });
    assert.deepEqual(note.photo, photoMessage.photo);
    assert.equal(note.caption, 'the #rules');
    assert.deepEqual(note.caption_entities, [{ type: 'hashtag', offset: 4, length: 6 }]);
    assert.equal(note.reply_to_message.message_id, command.message_id);
    const small = await callBotOk(emulator, 'sendPhoto', { chat_id: group.chat.id, photo: replied.photo[0].file_id });
    assert.deepEqual(small.photo, photoMessage.photo, 'any size of a photo sends the whole photo');
  });

  test('an unknown file_id is rejected', async () => {
    for (const method of Object.values(METHODS)) {
      const kind = Object.keys(METHODS).find((name) => METHODS[name] === method);
      const body = await callBot(emulator, method, { chat_id: group.chat.id, [kind]: 'never-seen-file-id' });
      assert.equal(body.description, 'Bad Request: wrong file identifier/HTTP URL specified', method);
    }
    const missing = await callBot(emulator, 'sendPhoto', { chat_id: group.chat.id });
    assert.equal(missing.description, 'Bad Request: there is no photo in the request');
  });

  test('a file of another kind is rejected', async () => {
    await inject({ sticker: 'kind-sticker-1' });
    await inject({ photo: 'kind-photo-1' });
    await inject({ voice: 'kind-voice-1' });
    const stickerAsPhoto = await callBot(emulator, 'sendPhoto', { chat_id: group.chat.id, photo: 'kind-sticker-1' });
    assert.equal(stickerAsPhoto.description, "Bad Request: can't use file of type Sticker as Photo");
    const photoAsDocument = await callBot(emulator, 'sendDocument', { chat_id: group.chat.id, document: 'kind-photo-1' });
    assert.equal(photoAsDocument.description, "Bad Request: can't use file of type Photo as Document");
    const voiceAsVideo = await callBot(emulator, 'sendVideo', { chat_id: group.chat.id, video: 'kind-voice-1' });
    assert.equal(voiceAsVideo.description, 'Bad Request: wrong file identifier/HTTP URL specified');
  });

  test('animations also carry a document', async () => {
    const sent = (await inject({ animation: { file_id: 'gif-1', file_name: 'dance.mp4', mime_type: 'video/mp4' } })).message;
    assert.equal(sent.animation.file_name, 'dance.mp4');
    assert.equal(sent.document.file_id, 'gif-1');
    const resent = await callBotOk(emulator, 'sendDocument', { chat_id: group.chat.id, document: 'gif-1' });
    assert.equal(resent.animation.file_id, 'gif-1');
    assert.equal(resent.document.file_id, 'gif-1');
  });

  test('stickers and video notes take no caption', async () => {
    await assert.rejects(inject({ sticker: 'captionless-1', caption: 'x' }), (error) => error.status === 400 && /no caption/.test(error.body.error));
    await assert.rejects(inject({ video_note: 'captionless-2', caption: 'x' }), (error) => error.status === 400);
    await inject({ sticker: { file_id: 'captionless-3', emoji: '😀', set_name: 'ExamplePack' } });
    const message = await callBotOk(emulator, 'sendSticker', { chat_id: group.chat.id, sticker: 'captionless-3', caption: 'ignored' });
    assert.equal(message.caption, undefined);
    assert.equal(message.sticker.emoji, '😀');
    assert.equal(message.sticker.set_name, 'ExamplePack');
  });

  test('media send options are kept', async () => {
    const target = (await inject({ document: 'doc-opts-1' })).message;
    const message = await callBotOk(emulator, 'sendDocument', {
      chat_id: group.chat.id, document: 'doc-opts-1', caption: 'file', reply_to_message_id: target.message_id,
      protect_content: true, disable_notification: true,
      reply_markup: { inline_keyboard: [[{ text: 'Open', url: 'https://example.org/doc' }]] },
    });
    assert.equal(message.reply_to_message.message_id, target.message_id);
    assert.equal(message.has_protected_content, true);
    assert.deepEqual(message.reply_markup, { inline_keyboard: [[{ text: 'Open', url: 'https://example.org/doc' }]] });
    const stored = (await emulator.messages(group.chat.id)).find((item) => item.message_id === message.message_id);
    assert.equal(stored.disable_notification, true);
    assert.equal(stored.document.file_id, 'doc-opts-1');
    const missingReply = await callBot(emulator, 'sendDocument', {
      chat_id: group.chat.id, document: 'doc-opts-1', reply_parameters: { message_id: 999999 },
    });
    assert.equal(missingReply.description, 'Bad Request: message to be replied not found');
  });

  test('URLs make reusable new files', async () => {
    const uploaded = await callBotOk(emulator, 'sendPhoto', { chat_id: group.chat.id, photo: 'https://example.org/cat.jpg' });
    const fileId = uploaded.photo[uploaded.photo.length - 1].file_id;
    assert.match(fileId, /^AgAC/);
    const again = await callBotOk(emulator, 'sendPhoto', { chat_id: group.chat.id, photo: fileId });
    assert.deepEqual(again.photo, uploaded.photo);
  });

  test('file_id keeps its kind', async () => {
    await inject({ audio: 'one-kind-1' });
    await assert.rejects(inject({ video: 'one-kind-1' }), (error) => error.status === 400 && /already known as a file of kind audio/.test(error.body.error));
  });

  test('reset forgets file ids', async () => {
    await inject({ photo: 'forgotten-1' });
    await emulator.reset();
    group = await setupGroup(emulator);
    const body = await callBot(emulator, 'sendPhoto', { chat_id: group.chat.id, photo: 'forgotten-1' });
    assert.equal(body.description, 'Bad Request: wrong file identifier/HTTP URL specified');
  });
});
