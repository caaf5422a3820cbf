#!/usr/bin/env node
// End-to-end load benchmark: the telegram emulator produces a mixed load (plain messages from
// many users in many chats, commands, joins and leaves) and the real warden binary handles it.
// Prints updates handled per second, the bot's handling latency percentiles (from its
// warden_handler_latency_seconds histogram) and the bot's peak resident memory.
//
// Usage: node bench/run.mjs [--warden PATH] [--chats 10000] [--users 100000] [--rate 10000]
//                           [--seconds 60] [--database sqlite|URL]

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Emulator } from '../tools/telegram-emulator/client.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BOT = { token: '7100000001:BENCHbenchBENCH', username: 'warden_bench_bot', first_name: 'Warden' };
const BOT_ID = 7100000001;
const FIRST_USER = 8000000000;
const FIRST_CHAT = -1003000000000;

function parseOptions(argv) {
  const options = { warden: path.join(root, 'build/release/warden'), chats: 10000, users: 100000, rate: 10000, seconds: 60, database: 'sqlite' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in options) || argv[i + 1] === undefined) throw new Error(`unknown option ${argv[i]}; see the usage line in bench/run.mjs`);
    options[name] = ['warden', 'database'].includes(name) ? argv[i + 1] : Number(argv[i + 1]);
  }
  if (options.users < options.chats) throw new Error('--users must be at least --chats (every chat needs members)');
  return options;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
    server.on('error', reject);
  });
}

function fetchText(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

async function bulk(emulator, ops) {
  for (let i = 0; i < ops.length; i += 5000) {
    const { results } = await emulator.bulk(ops.slice(i, i + 5000));
    const failed = results.find((r) => !r.ok);
    if (failed) throw new Error(`emulator set-up failed: ${failed.error}`);
  }
}

// Chat c has the members FIRST_USER + c*k ... + c*k + k - 1 (k = users / chats); the first is an admin.
async function setUp(emulator, options) {
  const perChat = Math.floor(options.users / options.chats);
  const ops = [];
  for (let u = 0; u < options.users; u += 1) ops.push({ op: 'user', id: FIRST_USER + u, first_name: `User ${u}`, username: `bench_user_${u}` });
  await bulk(emulator, ops);
  ops.length = 0;
  for (let c = 0; c < options.chats; c += 1) {
    const chatId = FIRST_CHAT - c;
    ops.push({ op: 'chat', id: chatId, type: 'supergroup', title: `Bench ${c}`, creator_id: FIRST_USER + c * perChat });
    ops.push({ op: 'member', chat_id: chatId, user_id: BOT_ID, status: 'administrator', rights: { can_restrict_members: true, can_delete_messages: true } });
    for (let m = 1; m < perChat; m += 1) ops.push({ op: 'member', chat_id: chatId, user_id: FIRST_USER + c * perChat + m, status: 'member' });
  }
  await bulk(emulator, ops);
  return perChat;
}

// One operation of the mixed load: mostly plain messages, some commands, joins and leaves.
function nextOp(state, options, perChat) {
  const c = state.counter % options.chats;
  const round = Math.floor(state.counter / options.chats);
  state.counter += 1;
  const chatId = FIRST_CHAT - c;
  const owner = FIRST_USER + c * perChat;
  const member = FIRST_USER + c * perChat + 1 + (round % Math.max(1, perChat - 1));
  const roll = state.counter % 100;
  if (roll === 7) return { op: 'send', chat_id: chatId, from: member, text: '/warns' };
  if (roll === 31) return { op: 'send', chat_id: chatId, from: owner, text: `/warn ${member} benchmark` };
  if (roll === 53) return { op: 'send', chat_id: chatId, from: member, text: `/kickme@other_bot see you` };
  if (roll === 71 && perChat > 2) {
    const leaving = FIRST_USER + c * perChat + perChat - 1;
    return state.left.has(chatId)
      ? (state.left.delete(chatId), { op: 'join', chat_id: chatId, user_id: leaving })
      : (state.left.add(chatId), { op: 'leave', chat_id: chatId, user_id: leaving });
  }
  return { op: 'send', chat_id: chatId, from: member, text: `message ${state.counter} with some ordinary words in it` };
}

function histogram(metrics) {
  const buckets = [];
  for (const line of metrics.split('\n')) {
    const match = /^warden_handler_latency_seconds_bucket\{le="([^"]+)"\} (\d+)/.exec(line);
    if (match) buckets.push({ le: match[1] === '+Inf' ? Infinity : Number(match[1]), count: Number(match[2]) });
  }
  return buckets;
}

function percentile(before, after, q) {
  const counts = after.map((b, i) => ({ le: b.le, count: b.count - before[i].count }));
  const total = counts.at(-1).count;
  if (total === 0) return NaN;
  const rank = q * total;
  let lower = 0;
  let previousCount = 0;
  for (const bucket of counts) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) return lower;
      const inBucket = bucket.count - previousCount;
      return lower + ((bucket.le - lower) * (rank - previousCount)) / Math.max(1, inBucket);
    }
    lower = bucket.le;
    previousCount = bucket.count;
  }
  return lower;
}

function metricValue(metrics, name) {
  let total = 0;
  for (const line of metrics.split('\n')) if (line.startsWith(name)) total += Number(line.split(' ').at(-1));
  return total;
}

function peakRss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warden-bench-'));
  const emulator = await Emulator.start({ bots: [BOT], args: ['--history-limit', '20', '--max-calls', '20000'] });
  let bot;
  try {
    const started = Date.now();
    const perChat = await setUp(emulator, options);
    console.log(`set-up: ${options.users} users in ${options.chats} chats in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const port = await freePort();
    const database = options.database === 'sqlite' ? `sqlite:${path.join(dir, 'bench.db')}` : options.database;
    bot = spawn(options.warden, ['run'], {
      env: {
        PATH: process.env.PATH, BOT_TOKEN: BOT.token, API_SERVER: emulator.baseUrl, DATABASE_URL: database,
        HTTP_PORT: String(port), LOG_LEVEL: 'warn', POLL_TIMEOUT: '1',
        // The benchmark measures the bot, so Telegram's send limits are lifted.
        SEND_GLOBAL_PER_SECOND: '0', SEND_CHAT_PER_SECOND: '0', SEND_GROUP_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const metricsUrl = `http://127.0.0.1:${port}/metrics`;
    for (let i = 0; i < 200; i += 1) {
      try { await fetchText(metricsUrl); break; } catch { await sleep(50); }
    }

    const state = { counter: 0, left: new Set() };
    const produce = async (count) => {
      const ops = [];
      for (let i = 0; i < count; i += 1) ops.push(nextOp(state, options, perChat));
      const { results } = await emulator.bulk(ops);
      return results.reduce((max, r) => Math.max(max, r.update_id || 0, ...(r.update_ids || [])), 0);
    };

    // Warm-up: every user sends once, so the bot has seen all of them before the measurement.
    let lastId = 0;
    const warmOps = [];
    for (let u = 0; u < options.users; u += 1) {
      const c = Math.floor(u / perChat) % options.chats;
      warmOps.push({ op: 'send', chat_id: FIRST_CHAT - c, from: FIRST_USER + u, text: 'hello' });
    }
    for (let i = 0; i < warmOps.length; i += 2000) {
      const { results } = await emulator.bulk(warmOps.slice(i, i + 2000));
      lastId = Math.max(lastId, ...results.map((r) => r.update_id || 0));
    }
    while (metricValue(await fetchText(metricsUrl), 'warden_update_watermark') < lastId) await sleep(100);
    console.log(`warm-up: ${options.users} messages handled`);

    const before = await fetchText(metricsUrl);
    const handledBefore = metricValue(before, 'warden_updates_handled_total');
    const begin = Date.now();
    const tick = 100;
    let produced = 0;
    while (Date.now() - begin < options.seconds * 1000) {
      const due = Math.floor(((Date.now() - begin + tick) / 1000) * options.rate) - produced;
      if (due > 0) {
        lastId = Math.max(lastId, await produce(due));
        produced += due;
      }
      const wait = tick - ((Date.now() - begin) % tick);
      await sleep(wait);
    }
    const producedSeconds = (Date.now() - begin) / 1000;
    while (metricValue(await fetchText(metricsUrl), 'warden_update_watermark') < lastId) await sleep(50);
    const elapsed = (Date.now() - begin) / 1000;
    const after = await fetchText(metricsUrl);
    const handled = metricValue(after, 'warden_updates_handled_total') - handledBefore;
    const p50 = percentile(histogram(before), histogram(after), 0.5);
    const p99 = percentile(histogram(before), histogram(after), 0.99);
    const rss = peakRss(bot.pid);
    const emulatorStats = await emulator.stats();
    console.log(JSON.stringify({
      produced, produced_seconds: Number(producedSeconds.toFixed(1)), handled, elapsed_seconds: Number(elapsed.toFixed(1)),
      updates_per_second: Math.round(handled / elapsed),
      handler_latency_ms: { p50: Number((p50 * 1000).toFixed(3)), p99: Number((p99 * 1000).toFixed(3)) },
      bot_peak_rss_mb: Number((rss / 1048576).toFixed(1)),
      emulator_rss_mb: Number((emulatorStats.rss_bytes / 1048576).toFixed(1)),
      api_calls: metricValue(after, 'warden_api_calls_total'),
    }, null, 2));
  } finally {
    if (bot && bot.exitCode === null) {
      await new Promise((resolve) => { bot.once('exit', resolve); bot.kill('SIGTERM'); });
    }
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});
