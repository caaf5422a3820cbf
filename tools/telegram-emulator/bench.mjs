#!/usr/bin/env node
// Measures emulator throughput. A load generator creates messages with /control/bulk while a
// polling consumer reads them with getUpdates (limit 100) and, like a moderation bot, calls
// sendMessage and getChatMember for some of them.
// Usage: node bench.mjs [--updates 100000] [--chats 20] [--users 50] [--replies-per-batch 10]

import { Emulator } from './client.mjs';

const TOKEN = '7012345678:AAbenchmarkSecret';
const BOT_ID = 7012345678;

function parseOptions(argv) {
  const options = { updates: 100000, chats: 20, users: 50, repliesPerBatch: 10 };
  const names = { '--updates': 'updates', '--chats': 'chats', '--users': 'users', '--replies-per-batch': 'repliesPerBatch' };
  for (let index = 0; index < argv.length; index += 2) {
    const name = names[argv[index]];
    const value = Number(argv[index + 1]);
    if (!name || !Number.isInteger(value) || value < 0) throw new Error(`invalid option ${argv[index]} ${argv[index + 1]}; see the usage line in bench.mjs`);
    options[name] = value;
  }
  return options;
}

async function setUp(emulator, options) {
  const owner = await emulator.createUser({ first_name: 'Owner' });
  const users = [];
  for (let index = 0; index < options.users; index++) users.push((await emulator.createUser({ first_name: `User ${index}` })).id);
  const chats = [];
  for (let index = 0; index < options.chats; index++) {
    const chat = await emulator.createChat({ type: 'supergroup', title: `Group ${index}`, creator_id: owner.id });
    await emulator.setMember({ chat_id: chat.id, user_id: BOT_ID, status: 'administrator' });
    for (const userId of users) await emulator.setMember({ chat_id: chat.id, user_id: userId, status: 'member' });
    chats.push(chat.id);
  }
  return { chats, users };
}

async function produce(emulator, { chats, users }, total) {
  let produced = 0;
  while (produced < total) {
    const ops = [];
    for (let index = 0; index < 1000 && produced < total; index++, produced++) {
      ops.push({
        op: 'send',
        chat_id: chats[produced % chats.length],
        from: users[produced % users.length],
        text: `/warn@bench_bot message ${produced} with a link https://example.org/${produced}`,
      });
    }
    await emulator.bulk(ops);
  }
}

async function consume(emulator, total, repliesPerBatch) {
  let offset = 0;
  let consumed = 0;
  let otherCalls = 0;
  while (consumed < total) {
    const response = await emulator.botApi(TOKEN, 'getUpdates', { offset, limit: 100, timeout: 5 });
    if (!response.ok) throw new Error(`getUpdates failed: ${JSON.stringify(response)}`);
    const updates = response.result;
    if (updates.length === 0) continue;
    offset = updates[updates.length - 1].update_id + 1;
    consumed += updates.length;
    const calls = [];
    for (const update of updates.slice(0, repliesPerBatch)) {
      const message = update.message;
      calls.push(emulator.botApi(TOKEN, 'sendMessage', {
        chat_id: message.chat.id, text: `<b>Warned</b> ${message.from.first_name}`, parse_mode: 'HTML',
        reply_parameters: { message_id: message.message_id },
      }));
      calls.push(emulator.botApi(TOKEN, 'getChatMember', { chat_id: message.chat.id, user_id: message.from.id }));
    }
    otherCalls += (await Promise.all(calls)).length;
  }
  return { consumed, otherCalls };
}

const options = parseOptions(process.argv.slice(2));
const emulator = await Emulator.start({ bots: [`${TOKEN}:bench_bot`] });
try {
  const population = await setUp(emulator, options);
  const started = process.hrtime.bigint();
  const [, result] = await Promise.all([
    produce(emulator, population, options.updates),
    consume(emulator, options.updates, options.repliesPerBatch),
  ]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    `${result.consumed} updates in ${seconds.toFixed(2)} s: ${(result.consumed / seconds).toFixed(0)} updates/s, ` +
    `${result.otherCalls} other Bot API calls (${(result.otherCalls / seconds).toFixed(0)}/s)\n`);
} finally {
  await emulator.stop();
}
