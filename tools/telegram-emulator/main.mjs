#!/usr/bin/env node
// Telegram Bot API emulator for end-to-end tests, benchmarks and offline demos.
// Usage: node main.mjs --port 8081 [--host 127.0.0.1] [--bot TOKEN:USERNAME[:FIRST_NAME]]...

import { Emulator } from './lib/server.mjs';

const USAGE = `Usage: node main.mjs [options]

Options:
  --port N              TCP port to listen on (default 8081; 0 picks a free port)
  --host ADDRESS        address to listen on (default 127.0.0.1)
  --bot SPEC            register a bot; SPEC is <bot_id>:<secret>:<username>[:<first name>]
                        (repeatable)
  --history-limit N     messages kept per chat, oldest dropped first (default 1000)
  --max-calls N         Bot API calls kept in the call log (default 100000)
  --quiet               log nothing but the ready line
  --help                print this help
`;

function parseBotSpec(spec) {
  const parts = spec.split(':');
  if (parts.length < 3) {
    throw new Error(`invalid --bot "${spec}": expected <bot_id>:<secret>:<username>[:<first name>]`);
  }
  return {
    token: `${parts[0]}:${parts[1]}`,
    username: parts[2],
    first_name: parts.length > 3 ? parts.slice(3).join(':') : undefined,
  };
}

function parseArguments(argv) {
  const options = { port: 8081, host: '127.0.0.1', bots: [], quiet: false };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const [flag, inlineValue] = argument.includes('=') ? argument.split(/=(.*)/s, 2) : [argument, undefined];
    const value = () => {
      if (inlineValue !== undefined) return inlineValue;
      index++;
      if (index >= argv.length) throw new Error(`missing value for ${flag}`);
      return argv[index];
    };
    const integer = (name) => {
      const text = value();
      const number = Number(text);
      if (!Number.isInteger(number) || number < 0) throw new Error(`invalid ${name} "${text}": expected a non-negative integer`);
      return number;
    };
    switch (flag) {
      case '--port': options.port = integer('--port'); break;
      case '--host': options.host = value(); break;
      case '--bot': options.bots.push(parseBotSpec(value())); break;
      case '--history-limit': options.historyLimit = integer('--history-limit'); break;
      case '--max-calls': options.maxCalls = integer('--max-calls'); break;
      case '--quiet': options.quiet = true; break;
      case '--help': options.help = true; break;
      default: throw new Error(`unknown option ${flag}; see --help`);
    }
  }
  return options;
}

const MIN_NODE_MAJOR = 18;

async function main() {
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor < MIN_NODE_MAJOR) {
    process.stderr.write(`telegram-emulator: Node.js ${MIN_NODE_MAJOR} or newer is required, found ${process.versions.node}\n`);
    process.exit(2);
  }
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`telegram-emulator: ${error.message}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const log = options.quiet ? () => {} : (message) => process.stderr.write(`${new Date().toISOString()} telegram-emulator: ${message}\n`);
  let emulator;
  try {
    emulator = new Emulator({ bots: options.bots, historyLimit: options.historyLimit, maxCalls: options.maxCalls, log });
  } catch (error) {
    process.stderr.write(`telegram-emulator: ${error.message}\n`);
    process.exit(2);
  }
  const { host, port } = await emulator.listen(options.port, options.host);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  process.stdout.write(`telegram-emulator listening on http://${shownHost}:${port}\n`);
  log(`started with bots ${options.bots.map((bot) => `${bot.token.split(':')[0]} (@${bot.username})`).join(', ') || 'none'}`);
  const stop = (signal) => {
    log(`stopping on ${signal}`);
    emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`telegram-emulator: failed to start: ${error.stack || error}\n`);
  process.exit(1);
});
