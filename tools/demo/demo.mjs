#!/usr/bin/env node
// The offline demo: starts the telegram emulator and the warden binary, creates a demo
// supergroup, and lets a person type messages as its members and watch the bot's replies and
// the members' state change. With --script FILE it replays FILE line by line instead.
//
// Usage: node demo.mjs --warden PATH [--script FILE]

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

import { Emulator } from '../telegram-emulator/client.mjs';

const BOT = { id: 7000000001, token: '7000000001:DEMOdemoDEMOdemo', username: 'warden_demo_bot', first_name: 'Warden' };
const CHAT = -1001000000001;
const PEOPLE = {
  alice: { id: 5000000001, first_name: 'Alice', username: 'alice', status: 'creator' },
  bob: { id: 5000000002, first_name: 'Bob', username: 'bob', status: 'administrator' },
  carol: { id: 5000000003, first_name: 'Carol', username: 'carol', status: 'member' },
  dave: { id: 5000000004, first_name: 'Dave', username: 'dave', status: 'member' },
};
const BOT_RIGHTS = {
  can_restrict_members: true, can_delete_messages: true, can_promote_members: true,
  can_invite_users: true, can_pin_messages: true, can_change_info: true, can_manage_chat: true,
};
const MEDIA_METHODS = {
  sendPhoto: 'photo', sendVideo: 'video', sendAnimation: 'animation', sendDocument: 'document',
  sendSticker: 'sticker', sendAudio: 'audio', sendVoice: 'voice', sendVideoNote: 'video note',
};
const ADMIN_RIGHTS = { can_restrict_members: true, can_delete_messages: true, can_pin_messages: true };

const HELP = `Type a line as one of the demo group's members:
  alice: /warn @carol spam         send a message as alice (owner); bob is an admin who
                                   may restrict, delete and pin but not change group info
                                   (which notes, filters, rules and greetings need);
                                   carol and dave are members. Type \\n for a line break.
  alice > 12: /ban                 reply to message 12
  anon: /ban @dave                 send as an anonymous admin
  press 14 1 as bob                press button 1 under message 14 as bob
  join erin | leave carol          a member joins or leaves (new names are created)
  members                          show every member's status
  clock 2h                         move Telegram's clock forward (units s m h d w)
  expect TEXT                      (scripts) fail unless the last output contains TEXT
  help | quit`;

function parseArgs(argv) {
  const options = { warden: null, script: null };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--warden') options.warden = argv[++i];
    else if (argv[i] === '--script') options.script = argv[++i];
    else throw new Error(`unknown option ${argv[i]}; usage: demo.mjs --warden PATH [--script FILE]`);
  }
  if (!options.warden) throw new Error('missing --warden PATH (the warden binary)');
  return options;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function fetchText(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, body }));
    }).on('error', reject);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function plain(html) {
  return html.replace(/<a href="tg:\/\/user\?id=\d+">/g, '').replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

function parseDuration(text) {
  const units = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  const pattern = /(\d+)([smhdw])/g;
  let consumed = 0;
  for (const match of text.matchAll(pattern)) {
    total += Number(match[1]) * units[match[2]];
    consumed += match[0].length;
  }
  if (consumed !== text.length || total === 0) return null;
  return total;
}

class Demo {
  constructor(options) {
    this.options = options;
    this.people = { ...PEOPLE };
    this.nextId = 5000000100;
    this.output = '';
  }

  async start() {
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'warden-demo-'));
    this.emulator = await Emulator.start({ bots: [BOT] });
    const e = this.emulator;
    for (const person of Object.values(this.people)) await e.createUser(person);
    await e.createChat({ id: CHAT, type: 'supergroup', title: 'Demo Group', creator_id: PEOPLE.alice.id });
    await e.setMember({ chat_id: CHAT, user_id: BOT.id, status: 'administrator', rights: BOT_RIGHTS });
    await e.setMember({ chat_id: CHAT, user_id: PEOPLE.bob.id, status: 'administrator', rights: ADMIN_RIGHTS });
    for (const name of ['carol', 'dave']) await e.setMember({ chat_id: CHAT, user_id: PEOPLE[name].id, status: 'member' });

    this.port = await freePort();
    this.botLog = '';
    this.bot = spawn(this.options.warden, ['run'], {
      env: {
        PATH: process.env.PATH,
        BOT_TOKEN: BOT.token,
        API_SERVER: e.baseUrl,
        DATABASE_URL: `sqlite:${path.join(this.dir, 'demo.db')}`,
        HTTP_PORT: String(this.port),
        POLL_TIMEOUT: '1',
        LOG_LEVEL: 'warn',
        // Telegram's send limits would hold replies back for up to a minute after a burst of
        // commands, which in a demo looks like a hang.
        SEND_CHAT_PER_SECOND: '0',
        SEND_GROUP_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.bot.stdout.on('data', (chunk) => { this.botLog += chunk; });
    this.bot.stderr.on('data', (chunk) => { this.botLog += chunk; });
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      if (this.bot.exitCode !== null) break;
      try {
        if ((await fetchText(`http://127.0.0.1:${this.port}/healthz`)).status === 200) break;
      } catch { /* not listening yet */ }
      await sleep(50);
    }
    if (this.bot.exitCode !== null) throw new Error(`warden exited:\n${this.botLog}`);
    // The bot learns @usernames from messages, so every member greets the group once.
    let last = 0;
    for (const person of Object.values(this.people)) {
      last = (await e.send({ chat_id: CHAT, from: person.id, text: `Hi, I am ${person.first_name}.` })).update_id;
    }
    await this.waitHandled(last);
    this.seq = (await e.calls({})).last_seq;
    this.states = await this.memberStates();
  }

  async stop() {
    if (this.bot && this.bot.exitCode === null) {
      await new Promise((resolve) => { this.bot.once('exit', resolve); this.bot.kill('SIGTERM'); });
    }
    if (this.emulator) await this.emulator.stop();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  print(line) {
    this.output += `${line}\n`;
    console.log(line);
  }

  async memberStates() {
    const states = {};
    for (const [name, person] of Object.entries(this.people)) {
      const member = await this.emulator.getMember(CHAT, person.id);
      let status = member.status;
      if (status === 'restricted' && member.can_send_messages === false) status = member.is_member ? 'muted' : 'muted, left';
      if (member.until_date) status += ` until ${new Date(member.until_date * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      states[name] = status;
    }
    return states;
  }

  async waitHandled(updateId) {
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      const metrics = (await fetchText(`http://127.0.0.1:${this.port}/metrics`)).body;
      const line = metrics.split('\n').find((l) => l.startsWith('warden_update_watermark '));
      if (line && Number(line.split(' ')[1]) >= updateId) return;
      await sleep(20);
    }
    throw new Error(`the bot did not handle update ${updateId} within 10 s`);
  }

  async showEffects() {
    const { calls, last_seq: lastSeq } = await this.emulator.calls({ since: this.seq });
    this.seq = lastSeq;
    for (const call of calls) {
      const p = call.params;
      if (!call.ok) {
        this.print(`  (bot ${call.method} failed: ${call.description})`);
        continue;
      }
      const media = MEDIA_METHODS[call.method];
      if (call.method === 'sendMessage' || media) {
        const chat = p.chat_id === CHAT ? '' : ` (in a private chat with ${this.nameOf(p.chat_id)})`;
        const body = media ? `(${media}) ${plain(p.caption || '')}` : plain(p.text);
        this.print(`  [#${call.result.message_id}] ${BOT.first_name}${chat}: ${body.replace(/\n/g, '\n      ')}`);
        const rows = p.reply_markup?.inline_keyboard || [];
        let index = 0;
        for (const row of rows) {
          this.print(`      ${row.map((button) => `[${++index}] ${button.text}${button.url ? ` (link: ${button.url})` : ''}`).join('  ')}`);
        }
      } else if (call.method === 'setMessageReaction') {
        const emoji = (p.reaction || []).map((reaction) => reaction.emoji).join(' ');
        this.print(`  (reacted ${emoji} to message #${p.message_id})`);
      } else if (call.method === 'editMessageText') {
        this.print(`  [#${p.message_id} edited] ${plain(p.text).replace(/\n/g, '\n      ')}`);
      } else if (call.method === 'deleteMessage') {
        this.print(`  (deleted message #${p.message_id})`);
      } else if (call.method === 'answerCallbackQuery' && p.text) {
        this.print(`  (popup: ${p.text})`);
      }
    }
    const states = await this.memberStates();
    for (const [name, status] of Object.entries(states)) {
      if (this.states[name] !== status) this.print(`  * ${name}: ${this.states[name] || 'unknown'} -> ${status}`);
    }
    this.states = states;
  }

  nameOf(userId) {
    const person = Object.values(this.people).find((p) => p.id === userId);
    return person ? person.first_name : String(userId);
  }

  person(name) {
    const person = this.people[name.toLowerCase()];
    if (!person) throw new Error(`unknown member "${name}"; members: ${Object.keys(this.people).join(', ')}`);
    return person;
  }

  async ensurePerson(name) {
    const key = name.toLowerCase();
    if (!this.people[key]) {
      const person = { id: this.nextId++, first_name: name[0].toUpperCase() + name.slice(1), username: key };
      await this.emulator.createUser(person);
      this.people[key] = person;
    }
    return this.people[key];
  }

  async run(line) {
    if (this.bot.exitCode !== null || this.bot.signalCode !== null) {
      const tail = this.botLog.split('\n').slice(-15).join('\n');
      throw new Error(`the bot stopped (${this.bot.signalCode || `exit code ${this.bot.exitCode}`}); its last log lines:\n${tail}`);
    }
    const text = line.trim();
    if (!text || text.startsWith('#')) return true;
    this.output = '';
    let match;
    if (text === 'help') {
      this.print(HELP);
    } else if (text === 'quit' || text === 'exit') {
      return false;
    } else if (text === 'members') {
      for (const [name, status] of Object.entries(await this.memberStates())) this.print(`  ${name}: ${status}`);
    } else if ((match = /^expect (.+)$/.exec(text))) {
      if (!this.last.includes(match[1])) throw new Error(`expected the output to contain "${match[1]}"`);
      return true;
    } else if ((match = /^clock (\S+)$/.exec(text))) {
      const seconds = parseDuration(match[1]);
      if (!seconds) throw new Error(`"${match[1]}" is not a duration such as 30s, 2h or 1d`);
      await this.emulator.advanceClock(seconds);
      this.print(`  (the clock moved ${match[1]} forward)`);
      await this.showEffects();
    } else if ((match = /^(join|leave) (\w+)$/.exec(text))) {
      const person = await this.ensurePerson(match[2]);
      const result = match[1] === 'join' ? await this.emulator.join(CHAT, person.id) : await this.emulator.leave(CHAT, person.id);
      const ids = result.update_ids || [result.update_id];
      await this.waitHandled(Math.max(...ids));
      await this.showEffects();
    } else if ((match = /^press (\d+) (\d+) as (\w+)$/.exec(text))) {
      const messageId = Number(match[1]);
      const messages = await this.emulator.messages(CHAT);
      const message = messages.find((m) => m.message_id === messageId);
      const buttons = (message?.reply_markup?.inline_keyboard || []).flat();
      const button = buttons[Number(match[2]) - 1];
      if (!message || message.deleted) throw new Error(`message #${messageId} does not exist or was deleted`);
      if (!button) throw new Error(`message #${messageId} has no button ${match[2]}`);
      if (!button.callback_data) throw new Error(`button ${match[2]} of message #${messageId} is a link to ${button.url}, which the demo cannot open`);
      const pressed = await this.emulator.press({ chat_id: CHAT, message_id: messageId, from: this.person(match[3]).id, data: button.callback_data });
      await this.waitHandled(pressed.update_id);
      await this.showEffects();
    } else if ((match = /^(\w+)\s*(?:>\s*(\d+))?\s*:\s?(.*)$/.exec(text))) {
      const message = { chat_id: CHAT, text: match[3].replace(/\\n/g, '\n') };
      if (match[1].toLowerCase() === 'anon') message.sender_chat_id = CHAT;
      else message.from = this.person(match[1]).id;
      if (match[2]) message.reply_to_message_id = Number(match[2]);
      let sent;
      try {
        sent = await this.emulator.send(message);
      } catch (error) {
        // The emulator refuses messages from people who are not in the group or are muted.
        const who = match[1].toLowerCase();
        throw new Error(`${who} cannot send to the group now (${this.states[who] || 'not a member'}); try "join ${who}" or unmute them first`);
      }
      this.print(`  [#${sent.message.message_id}] ${match[1]}: ${match[3]}`);
      await this.waitHandled(sent.update_id);
      await this.showEffects();
    } else {
      throw new Error(`cannot read "${text}"; type help for the forms`);
    }
    this.last = this.output;
    return true;
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const demo = new Demo(options);
  // A reader that goes away (such as `| head`) must not leave the emulator and the bot running.
  process.stdout.on('error', () => {});
  process.on('SIGINT', () => {
    demo.stop().finally(() => process.exit(130));
  });
  let failed = false;
  try {
    await demo.start();
    if (options.script) {
      for (const line of readFileSync(options.script, 'utf8').split('\n')) {
        if (line.trim() && !line.trim().startsWith('#')) console.log(`> ${line}`);
        try {
          if (!(await demo.run(line))) break;
        } catch (error) {
          console.error(`demo: ${error.message}`);
          failed = true;
          break;
        }
      }
    } else {
      console.log('Warden offline demo: a simulated Telegram with the group "Demo Group".');
      console.log(HELP);
      const input = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
      input.prompt();
      for await (const line of input) {
        try {
          if (!(await demo.run(line))) break;
        } catch (error) {
          console.log(`  ! ${error.message}`);
        }
        input.prompt();
      }
      input.close();
    }
  } finally {
    await demo.stop();
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(`demo: ${error.message}`);
  process.exitCode = 1;
});
