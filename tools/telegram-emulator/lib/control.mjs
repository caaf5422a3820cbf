// Control API handlers (/control/...): set up users, chats and memberships, act as users, and
// inspect what the bot did. Handlers take (context, body, query) and return a JSON value or throw.

import { ControlError, invalidControl, notFoundControl } from './errors.mjs';
import { isValidStartPayload, parseTelegramLink } from './links.mjs';
import { CAPTIONLESS_KINDS, MEDIA_KINDS, mediaFields } from './media.mjs';
import {
  ANONYMOUS_ADMIN_USER, CHANNEL_BOT_USER, CONTENT_PERMISSIONS, STANDARD_REACTION_EMOJI, TELEGRAM_SERVICE_USER,
  legacyForwardFields, updateType,
} from './model.mjs';
import { detectEntities } from './text.mjs';
import { isActiveMember, isAdminRecord } from './world.mjs';
const DEFAULT_WAIT_MS = 5000;
const MAX_WAIT_MS = 600000;
const MAX_CALLBACK_QUERIES = 100000;

function requireInteger(value, name) {
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (!Number.isSafeInteger(number)) throw invalidControl(`${name} is required and must be an integer, got ${JSON.stringify(value)}`);
  return number;
}

function optionalInteger(value, name) {
  if (value === undefined || value === null || value === '') return undefined;
  return requireInteger(value, name);
}

function waitMilliseconds(value) {
  if (value === undefined || value === null || value === '') return DEFAULT_WAIT_MS;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw invalidControl(`invalid timeout_ms "${value}": expected milliseconds >= 0`);
  return Math.min(number, MAX_WAIT_MS);
}

/** Runs a world operation, turning its plain Error into a 400 control error. */
function attempt(operation) {
  try {
    return operation();
  } catch (error) {
    if (error instanceof ControlError) throw error;
    throw invalidControl(error.message);
  }
}

function chatOf(world, chatId) {
  const id = requireInteger(chatId, 'chat_id');
  const chat = world.chat(id);
  if (!chat) {
    if (world.user(id)) return attempt(() => world.createChat({ type: 'private', id }));
    throw notFoundControl(`chat ${id} not found; create it with POST /control/chats first`);
  }
  if (chat.migratedTo !== null) {
    throw invalidControl(`group chat was upgraded to a supergroup chat: chat ${id} is now ${chat.migratedTo} (migrate_to_chat_id)`);
  }
  return chat;
}

function userOf(world, userId, name = 'user_id') {
  const id = requireInteger(userId, name);
  const user = world.user(id);
  if (!user) throw notFoundControl(`user ${id} not found; create it with POST /control/users first`);
  return user;
}

function describeUntil(untilDate) {
  return untilDate ? `until ${new Date(untilDate * 1000).toISOString()}` : 'forever';
}

/** Rejects a message from a user who may not send this kind of content in the chat. */
function checkUserMaySend(world, chat, userId, kind) {
  if (chat.type === 'private') {
    if (userId !== chat.id) throw invalidControl(`only user ${chat.id} can send in the private chat ${chat.id}`);
    return;
  }
  const record = world.member(chat, userId);
  if (record && record.status === 'kicked') {
    throw invalidControl(`user ${userId} is banned in chat ${chat.id} (${describeUntil(record.untilDate)}) and can't send messages`);
  }
  if (!isActiveMember(record)) {
    throw invalidControl(`user ${userId} is not a member of chat ${chat.id}; add them with /control/join or /control/members first`);
  }
  if (isAdminRecord(record)) return;
  if (chat.type === 'channel') throw invalidControl(`only administrators can post in the channel ${chat.id}`);
  const [permission, noun] = CONTENT_PERMISSIONS[kind];
  if (record.status === 'restricted' && !record.permissions[permission]) {
    throw invalidControl(`user ${userId} is restricted in chat ${chat.id} (${permission} is false, ${describeUntil(record.untilDate)}) and can't send ${noun}`);
  }
  if (!chat.permissions[permission]) {
    throw invalidControl(`chat ${chat.id} does not allow members to send ${noun} (${permission} is false in the chat permissions)`);
  }
}

/** Works out from, sender_chat and related fields of a message sent through the control API. */
function resolveSender(world, chat, body, kind) {
  const senderChatId = optionalInteger(body.sender_chat_id, 'sender_chat_id');
  if (senderChatId === undefined) {
    if (chat.type === 'channel') return { senderChat: chat.reference, fields: {} };
    const fromId = body.from === undefined && chat.type === 'private' ? chat.id : requireInteger(body.from, 'from');
    const from = userOf(world, fromId, 'from');
    checkUserMaySend(world, chat, from.id, kind);
    return { from, fields: {} };
  }
  if (senderChatId === chat.id) {
    if (chat.type === 'channel') return { senderChat: chat.reference, fields: {} };
    return { from: ANONYMOUS_ADMIN_USER, senderChat: chat.reference, fields: {} };
  }
  const senderChat = world.chat(senderChatId);
  if (!senderChat) throw notFoundControl(`sender chat ${senderChatId} not found; create it with POST /control/chats first`);
  if (chat.bannedSenderChats.has(senderChatId)) {
    throw invalidControl(`sender chat ${senderChatId} is banned in chat ${chat.id} (banChatSenderChat) and can't send messages`);
  }
  if (body.is_automatic_forward === true) {
    if (senderChat.type !== 'channel') throw invalidControl('is_automatic_forward needs sender_chat_id of a channel');
    const origin = body.forward_origin || {
      type: 'channel', chat: senderChat.reference, message_id: senderChat.nextMessageId++, date: world.now(),
    };
    return { from: TELEGRAM_SERVICE_USER, senderChat: senderChat.reference, fields: { forward_origin: origin, is_automatic_forward: true } };
  }
  return { from: CHANNEL_BOT_USER, senderChat: senderChat.reference, fields: {} };
}

function messageKind(body) {
  const kinds = MEDIA_KINDS.filter((kind) => body[kind] !== undefined && body[kind] !== null);
  if (kinds.length > 1) throw invalidControl(`pass only one of ${MEDIA_KINDS.join(', ')}, got ${kinds.join(', ')}`);
  if (kinds.length === 1) {
    if (body.text !== undefined) throw invalidControl(`a ${kinds[0]} message takes caption, not text`);
    return kinds[0];
  }
  if (typeof body.text !== 'string' || body.text.length === 0) {
    if (body.extra && typeof body.extra === 'object') return 'extra';
    throw invalidControl(`text is required (or one of ${MEDIA_KINDS.join(', ')}, or extra fields)`);
  }
  return 'text';
}

function entitiesFor(text, given, name) {
  if (given !== undefined) {
    if (!Array.isArray(given)) throw invalidControl(`${name} must be an array of MessageEntity`);
    return given;
  }
  return detectEntities(text, []);
}

/** Creates a message as a user, channel or anonymous administrator and emits its update. */
function send(context, body) {
  const { world } = context;
  const chat = chatOf(world, body.chat_id);
  const kind = messageKind(body);
  const sender = resolveSender(world, chat, body, kind === 'extra' ? 'text' : kind);

  const fields = {};
  const replyTo = optionalInteger(body.reply_to_message_id, 'reply_to_message_id');
  let threadId = optionalInteger(body.message_thread_id, 'message_thread_id');
  let reply = null;
  if (replyTo !== undefined) {
    reply = world.liveMessage(chat, replyTo);
    if (!reply) throw invalidControl(`message ${replyTo} to reply to not found in chat ${chat.id}`);
    if (threadId === undefined && chat.type === 'supergroup') threadId = reply.message_thread_id ?? reply.message_id;
  }
  if (threadId !== undefined) {
    fields.message_thread_id = threadId;
    if (chat.is_forum) fields.is_topic_message = true;
  }
  if (body.forward_origin && !sender.fields.forward_origin) fields.forward_origin = body.forward_origin;
  Object.assign(fields, sender.fields);
  if (fields.forward_origin && typeof fields.forward_origin === 'object') Object.assign(fields, legacyForwardFields(fields.forward_origin));
  if (reply) fields.reply_to_message = world.embeddedMessage(reply);

  if (kind === 'text') {
    fields.text = body.text;
    const entities = entitiesFor(body.text, body.entities, 'entities');
    if (entities.length > 0) fields.entities = entities;
  } else if (kind !== 'extra') {
    if (CAPTIONLESS_KINDS.has(kind) && body.caption !== undefined) {
      throw invalidControl(`a ${kind} message takes no caption; Telegram has none for stickers and video notes`);
    }
    const file = attempt(() => world.files.resolveForUser(kind, body[kind]));
    Object.assign(fields, mediaFields(file.kind, file.media));
    if (typeof body.caption === 'string' && body.caption.length > 0) {
      fields.caption = body.caption;
      const entities = entitiesFor(body.caption, body.caption_entities, 'caption_entities');
      if (entities.length > 0) fields.caption_entities = entities;
    }
  }
  if (body.extra && typeof body.extra === 'object') Object.assign(fields, body.extra);

  const message = world.createMessage(chat, { from: sender.from, senderChat: sender.senderChat, fields });
  const botId = optionalInteger(body.bot_id, 'bot_id');
  const excludeBotId = sender.from && world.bots.has(sender.from.id) ? sender.from.id : null;
  const recipients = world.messageRecipients(chat, message, { botId: botId ?? null, excludeBotId });
  if (chat.type === 'private') for (const recipient of recipients) chat.startedBots.add(recipient);
  const updateId = world.emitMessage(chat, message, chat.type === 'channel' ? 'channel_post' : 'message', recipients);
  return { message, update_id: updateId };
}

function join(context, body) {
  const { world } = context;
  const chat = chatOf(world, body.chat_id);
  const user = userOf(world, body.user_id);
  if (chat.type === 'private') throw invalidControl('users can not join private chats');
  const record = world.member(chat, user.id);
  if (isActiveMember(record)) throw invalidControl(`user ${user.id} is already a member of chat ${chat.id}`);
  if (record && record.status === 'kicked') {
    throw invalidControl(`user ${user.id} is banned in chat ${chat.id} (${describeUntil(record.untilDate)}) and can't join`);
  }
  const inviteLink = body.invite_link ? inviteLinkOf(world, chat, body.invite_link) : null;
  if (inviteLink && inviteLink.creates_join_request) return joinRequest(context, body);
  const restricted = record && record.status === 'restricted';
  const next = restricted ? { ...record, isMember: true } : { status: 'member', userId: user.id, untilDate: 0 };
  const result = world.setMember(chat, user.id, next, { actorIsSelf: true, actorId: user.id, inviteLink });
  return { update_ids: result.updateIds, message: result.message };
}

function inviteLinkOf(world, chat, value) {
  const text = String(value);
  const known = chat.inviteLinks.get(text);
  if (known) {
    if (known.is_revoked) throw invalidControl(`invite link ${text} was revoked`);
    return { ...known };
  }
  const creator = world.user(world.creatorId(chat)) || ANONYMOUS_ADMIN_USER;
  return { invite_link: text, creator, creates_join_request: false, is_primary: false, is_revoked: false };
}

function leave(context, body) {
  const { world } = context;
  const chat = chatOf(world, body.chat_id);
  const user = userOf(world, body.user_id);
  const record = world.member(chat, user.id);
  if (!isActiveMember(record)) throw invalidControl(`user ${user.id} is not a member of chat ${chat.id}`);
  const next = record.status === 'restricted' ? { ...record, isMember: false } : null;
  const result = world.setMember(chat, user.id, next, { actorIsSelf: true, actorId: user.id });
  return { update_ids: result.updateIds, message: result.message };
}

function addMembers(context, body) {
  const { world } = context;
  const chat = chatOf(world, body.chat_id);
  const from = userOf(world, body.from, 'from');
  if (!Array.isArray(body.user_ids) || body.user_ids.length === 0) throw invalidControl('user_ids must be a non-empty array of user ids');
  const users = body.user_ids.map((id) => userOf(world, id));
  const updateIds = [];
  for (const user of users) {
    if (isActiveMember(world.member(chat, user.id))) throw invalidControl(`user ${user.id} is already a member of chat ${chat.id}`);
  }
  for (const user of users) {
    const result = world.setMember(chat, user.id, { status: 'member', userId: user.id, untilDate: 0 }, {
      actorId: from.id, serviceMessage: false,
    });
    updateIds.push(...result.updateIds);
  }
  const notice = world.postServiceMessage(chat, from, world.joinFields(users));
  updateIds.push(notice.updateId);
  return { update_ids: updateIds, message: notice.message };
}

function joinRequest(context, body) {
  const { world } = context;
  const chat = chatOf(world, body.chat_id);
  const user = userOf(world, body.user_id);
  if (isActiveMember(world.member(chat, user.id))) throw invalidControl(`user ${user.id} is already a member of chat ${chat.id}`);
  const inviteLink = body.invite_link ? inviteLinkOf(world, chat, body.invite_link) : null;
  const request = { chat: chat.reference, from: user, user_chat_id: user.id, date: world.now() };
  if (typeof body.bio === 'string') request.bio = body.bio;
  if (inviteLink) request.invite_link = inviteLink;
  chat.joinRequests.set(user.id, { inviteLink, date: request.date });
  const deliveries = [];
  world.privateChat(user);
  for (const adminId of chat.adminIds) {
    const rights = world.adminRightsOf(chat, adminId);
    if (world.bots.has(adminId) && rights && rights.can_invite_users) {
      deliveries.push({ botId: adminId, update: { update_id: 0, chat_join_request: request } });
      // The bot may write to user_chat_id for five minutes, until the request is handled.
      world.allowJoinRequestContact(user.id, adminId);
    }
  }
  return { update_ids: [world.hub.enqueue('chat_join_request', deliveries)], join_request: request };
}

function press(context, body) {
  const { world } = context;
  const chat = chatOf(world, body.chat_id);
  const messageId = requireInteger(body.message_id, 'message_id');
  const entry = world.messageEntry(chat, messageId);
  if (!entry) throw notFoundControl(`message ${messageId} not found in chat ${chat.id}`);
  const authorId = entry.authorId;
  if (!world.bots.has(authorId)) throw invalidControl(`message ${messageId} was not sent by a registered bot; only bot messages have inline buttons to press`);
  const from = userOf(world, body.from, 'from');
  if (body.data !== undefined && typeof body.data !== 'string') throw invalidControl('data must be a string');
  const id = world.newCallbackQueryId();
  const message = entry.deleted ? { message_id: messageId, chat: chat.reference, date: 0 } : entry.message;
  const query = { id, from, message, chat_instance: world.chatInstance(chat) };
  if (body.data !== undefined) query.data = body.data;
  world.callbackQueries.set(id, { botId: authorId, date: world.now(), answer: null, waiters: [] });
  if (world.callbackQueries.size > MAX_CALLBACK_QUERIES) world.callbackQueries.delete(world.callbackQueries.keys().next().value);
  const updateId = world.hub.enqueue('callback_query', [{ botId: authorId, update: { update_id: 0, callback_query: query } }]);
  return { callback_query_id: id, update_id: updateId };
}

async function callbackAnswer(context, body, query) {
  const id = String(query.id ?? '');
  const record = context.world.callbackQueries.get(id);
  if (!record) throw notFoundControl(`callback query ${id} not found`);
  if (!record.answer && query.timeout_ms !== undefined) {
    const timeoutMs = waitMilliseconds(query.timeout_ms);
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      record.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  if (!record.answer) return { id, answered: false };
  return { id, answered: true, ...record.answer };
}

function edit(context, body) {
  const { world } = context;
  const chat = chatOf(world, body.chat_id);
  const messageId = requireInteger(body.message_id, 'message_id');
  const entry = world.liveEntry(chat, messageId);
  if (!entry) throw notFoundControl(`message ${messageId} not found in chat ${chat.id}`);
  if (world.bots.has(entry.authorId)) throw invalidControl(`message ${messageId} was sent by a bot; bots edit through the Bot API`);
  const message = entry.message;
  const edited = { ...message, edit_date: world.now() };
  if (message.text !== undefined) {
    if (typeof body.text !== 'string' || body.text.length === 0) throw invalidControl('text is required');
    edited.text = body.text;
    delete edited.entities;
    const entities = entitiesFor(body.text, body.entities, 'entities');
    if (entities.length > 0) edited.entities = entities;
  } else {
    const caption = body.caption ?? body.text;
    if (typeof caption !== 'string') throw invalidControl('caption is required for a message without text');
    edited.caption = caption;
    delete edited.caption_entities;
    const entities = entitiesFor(caption, body.caption_entities ?? body.entities, 'caption_entities');
    if (entities.length > 0) edited.caption_entities = entities;
  }
  world.replaceMessage(chat, edited);
  const type = chat.type === 'channel' ? 'edited_channel_post' : 'edited_message';
  const recipients = world.messageRecipients(chat, edited, { botId: optionalInteger(body.bot_id, 'bot_id') ?? null });
  return { message: edited, update_id: world.emitMessage(chat, edited, type, recipients) };
}

function injectUpdate(context, body) {
  const { world } = context;
  const update = body.update;
  if (!update || typeof update !== 'object' || Array.isArray(update)) throw invalidControl('update must be an Update object');
  const type = updateType(update);
  let botIds;
  if (body.bot_id !== undefined) botIds = [requireInteger(body.bot_id, 'bot_id')];
  else if (Array.isArray(body.bot_ids)) botIds = body.bot_ids.map((id) => requireInteger(id, 'bot_ids[]'));
  else botIds = [...world.bots.keys()];
  for (const botId of botIds) if (!world.bots.has(botId)) throw notFoundControl(`bot ${botId} is not registered`);
  const explicitId = optionalInteger(update.update_id, 'update.update_id');
  const copy = { update_id: 0, ...update };
  const updateId = world.hub.enqueue(type, botIds.map((botId) => ({ botId, update: copy })), explicitId);
  return { update_id: updateId };
}

function migrate(context, body) {
  const { world } = context;
  const chat = chatOf(world, body.chat_id);
  const result = attempt(() => world.migrateChat(chat));
  return {
    chat_id: chat.id,
    migrate_to_chat_id: result.supergroup.id,
    chat: result.supergroup.reference,
    update_ids: result.updateIds,
    messages: result.messages,
  };
}

function setMemberControl(context, body) {
  const { world } = context;
  const chat = chatOf(world, body.chat_id);
  const user = userOf(world, body.user_id);
  if (chat.type === 'private') throw invalidControl('memberships of private chats are fixed');
  const fields = {
    status: body.status,
    rights: body.rights,
    until_date: body.until_date,
    custom_title: body.custom_title,
    is_member: body.is_member,
    promoted_by: optionalInteger(body.promoted_by, 'promoted_by'),
  };
  const record = attempt(() => world.memberRecord(chat, user.id, fields));
  attempt(() => world.setMember(chat, user.id, record, { emit: body.emit === true }));
  const viewer = optionalInteger(body.bot_id, 'bot_id') ?? null;
  return world.chatMemberObject(chat, user.id, world.member(chat, user.id), viewer);
}

function getMemberControl(context, body, query) {
  const { world } = context;
  const chat = chatOf(world, query.chat_id);
  const user = userOf(world, query.user_id);
  const viewer = optionalInteger(query.bot_id, 'bot_id') ?? null;
  return world.chatMemberObject(chat, user.id, world.member(chat, user.id), viewer);
}

function createChatControl(context, body) {
  const { world } = context;
  const fields = { ...body };
  for (const name of ['id', 'linked_chat_id', 'creator_id', 'bot_id', 'user_id']) {
    if (fields[name] !== undefined) fields[name] = requireInteger(fields[name], name);
  }
  const chat = attempt(() => world.createChat(fields));
  const result = { ...chat.reference };
  if (chat.type !== 'private' && chat.type !== 'channel') result.permissions = { ...chat.permissions };
  if (chat.linked_chat_id !== undefined) result.linked_chat_id = chat.linked_chat_id;
  return result;
}

function messagesControl(context, body, query) {
  const chat = context.world.chat(requireInteger(query.chat_id, 'chat_id'));
  if (!chat) throw notFoundControl(`chat ${query.chat_id} not found`);
  const messages = [];
  for (const entry of chat.messages.values()) {
    const message = { ...entry.message, deleted: entry.deleted };
    if (entry.disableNotification) message.disable_notification = true;
    messages.push(message);
  }
  const limit = optionalInteger(query.limit, 'limit');
  return { chat_id: chat.id, messages: limit ? messages.slice(-limit) : messages };
}

async function waitConfirmed(context, body, query) {
  const updateId = requireInteger(query.update_id, 'update_id');
  const confirmed = await context.world.hub.waitConfirmed(updateId, waitMilliseconds(query.timeout_ms));
  if (!confirmed) throw new ControlError(408, `update ${updateId} was not confirmed by the bot within ${waitMilliseconds(query.timeout_ms)} ms`);
  return { update_id: updateId, confirmed: true };
}

function callFilter(query) {
  return { method: query.method, chatId: query.chat_id, botId: query.bot_id };
}

function callsControl(context, body, query) {
  const since = optionalInteger(query.since, 'since') ?? 0;
  return { calls: context.calls.since(since, callFilter(query)), last_seq: context.calls.lastSeq };
}

async function waitCall(context, body, query) {
  const since = optionalInteger(query.since, 'since') ?? 0;
  const timeoutMs = waitMilliseconds(query.timeout_ms);
  const call = await context.calls.waitFor(since, callFilter(query), timeoutMs);
  if (!call) throw new ControlError(408, `no ${query.method || 'Bot API'} call after seq ${since} within ${timeoutMs} ms`);
  return call;
}

function clockState(world) {
  return { now: world.now(), offset_seconds: world.clockOffsetMs / 1000 };
}

function advanceClock(context, body) {
  const { world } = context;
  if (body.now !== undefined) {
    const target = requireInteger(body.now, 'now');
    world.advanceClock(target - world.nowMs() / 1000);
  } else {
    const seconds = Number(body.advance_seconds);
    if (!Number.isFinite(seconds)) throw invalidControl(`advance_seconds must be a number, got ${JSON.stringify(body.advance_seconds)}`);
    world.advanceClock(seconds);
  }
  return clockState(world);
}

function botOf(world, body) {
  const botId = optionalInteger(body.bot_id, 'bot_id');
  if (botId !== undefined) {
    const bot = world.bots.get(botId);
    if (!bot) throw notFoundControl(`bot ${botId} is not registered`);
    return bot;
  }
  if (body.bot_username !== undefined) {
    const name = String(body.bot_username).replace(/^@/, '').toLowerCase();
    const bot = [...world.bots.values()].find((candidate) => candidate.user.username.toLowerCase() === name);
    if (!bot) throw notFoundControl(`no registered bot has the username ${body.bot_username}`);
    return bot;
  }
  const first = world.bots.values().next();
  if (first.done) throw invalidControl('no bot is registered');
  return first.value;
}

function checkStartPayload(payload) {
  if (typeof payload !== 'string') throw invalidControl(`payload must be a string, got ${JSON.stringify(payload)}`);
  if (payload !== '' && !isValidStartPayload(payload)) {
    throw invalidControl(`invalid start payload ${JSON.stringify(payload)}: Telegram passes on 1-64 characters of A-Z, a-z, 0-9, _ and -`);
  }
}

/**
 * Sends what a user's app sends on https://t.me/<bot>?start=<payload>. The private chat is
 * created if needed, and the bot gets "/start <payload>" with a bot_command entity over "/start".
 */
function deliverStart(world, user, bot, payload) {
  const chat = world.privateChat(user);
  chat.startedBots.add(bot.id);
  const text = payload ? `/start ${payload}` : '/start';
  const message = world.createMessage(chat, { from: user, fields: { text, entities: [{ type: 'bot_command', offset: 0, length: 6 }] } });
  const updateId = world.emitMessage(chat, message, 'message', [bot.id]);
  return { action: 'start', bot_id: bot.id, payload, chat: chat.reference, message, update_id: updateId };
}

function startControl(context, body) {
  const { world } = context;
  const user = userOf(world, body.user_id);
  const bot = botOf(world, body);
  const payload = body.payload === undefined || body.payload === null ? '' : body.payload;
  checkStartPayload(payload);
  return deliverStart(world, user, bot, payload);
}

/** Follows a Telegram link as the user. Bot links with ?start= start the bot, and other links are rejected. */
function followLink(world, user, url) {
  const link = parseTelegramLink(url);
  if (!link) throw invalidControl(`${JSON.stringify(url)} is not a t.me, telegram.me or tg://resolve link to a bot`);
  const bot = [...world.bots.values()].find((candidate) => candidate.user.username.toLowerCase() === link.username.toLowerCase());
  if (!bot) throw notFoundControl(`no registered bot has the username ${link.username} (from ${url})`);
  for (const name of ['startgroup', 'startchannel', 'startapp', 'startattach']) {
    if (link.params.has(name)) throw invalidControl(`${name} links are not emulated; only ?start= opens the bot`);
  }
  const payload = link.params.get('start') ?? '';
  checkStartPayload(payload);
  return deliverStart(world, user, bot, payload);
}

function openLink(context, body) {
  const { world } = context;
  const user = userOf(world, body.user_id);
  if (typeof body.url !== 'string' || body.url === '') throw invalidControl('url is required');
  return followLink(world, user, body.url);
}

/** Finds an inline button of a bot's message by its text or by row and column (from 0). */
function findInlineButton(chat, message, body) {
  const rows = message.reply_markup && message.reply_markup.inline_keyboard;
  if (!rows) throw invalidControl(`message ${message.message_id} in chat ${chat.id} has no inline keyboard`);
  if (body.text !== undefined) {
    for (const row of rows) {
      const button = row.find((candidate) => candidate.text === body.text);
      if (button) return button;
    }
    const texts = rows.flat().map((button) => JSON.stringify(button.text)).join(', ');
    throw notFoundControl(`message ${message.message_id} has no button with the text ${JSON.stringify(body.text)}; it has ${texts}`);
  }
  const row = requireInteger(body.row ?? 0, 'row');
  const column = requireInteger(body.column ?? 0, 'column');
  const button = rows[row] && rows[row][column];
  if (!button) throw notFoundControl(`message ${message.message_id} has no button at row ${row}, column ${column}`);
  return button;
}

/** Presses an inline button like a user: callback buttons send a callback query, deep links start the bot. */
function click(context, body) {
  const { world } = context;
  const chat = chatOf(world, body.chat_id);
  const messageId = requireInteger(body.message_id, 'message_id');
  const entry = world.liveEntry(chat, messageId);
  if (!entry) throw notFoundControl(`message ${messageId} not found in chat ${chat.id}`);
  const user = userOf(world, body.from, 'from');
  const button = findInlineButton(chat, entry.message, body);
  if (button.callback_data !== undefined) {
    return { action: 'callback_query', button, ...press(context, { chat_id: chat.id, message_id: messageId, from: user.id, data: button.callback_data }) };
  }
  if (button.url !== undefined) {
    if (parseTelegramLink(button.url)) return { button, ...followLink(world, user, button.url) };
    return { action: 'url', button, url: button.url };
  }
  throw invalidControl(`pressing a button with ${Object.keys(button).filter((key) => key !== 'text').join(', ')} is not emulated`);
}

function reactionList(body) {
  let reaction = body.reaction;
  if (reaction === undefined && typeof body.emoji === 'string') reaction = body.emoji === '' ? [] : [{ type: 'emoji', emoji: body.emoji }];
  if (!Array.isArray(reaction)) throw invalidControl('reaction must be an array of ReactionType objects (or pass emoji)');
  return reaction.map((item, index) => {
    if (item && item.type === 'emoji' && typeof item.emoji === 'string') {
      if (!STANDARD_REACTION_EMOJI.has(item.emoji)) throw invalidControl(`reaction[${index}]: ${item.emoji} is not one of Telegram's reaction emoji`);
      return { type: 'emoji', emoji: item.emoji };
    }
    if (item && item.type === 'custom_emoji' && item.custom_emoji_id !== undefined) return { type: 'custom_emoji', custom_emoji_id: String(item.custom_emoji_id) };
    if (item && item.type === 'paid') return { type: 'paid' };
    throw invalidControl(`reaction[${index}] must be {type:"emoji",emoji}, {type:"custom_emoji",custom_emoji_id} or {type:"paid"}`);
  });
}

/**
 * Sets a user's reactions on a message. Administrator bots of the chat (the bot of a private
 * chat) get a message_reaction update when they list it in allowed_updates.
 */
function react(context, body) {
  const { world } = context;
  const chat = chatOf(world, body.chat_id);
  const messageId = requireInteger(body.message_id, 'message_id');
  if (!world.liveEntry(chat, messageId)) throw notFoundControl(`message ${messageId} not found in chat ${chat.id}`);
  const user = userOf(world, body.from, 'from');
  if (chat.type !== 'private' && !isActiveMember(world.member(chat, user.id))) {
    throw invalidControl(`user ${user.id} is not a member of chat ${chat.id} and can't react`);
  }
  const reaction = reactionList(body);
  const old = world.setReaction(chat, messageId, user, reaction, body.is_big === true);
  const payload = { chat: chat.reference, message_id: messageId, user, date: world.now(), old_reaction: old, new_reaction: reaction };
  let recipients;
  if (chat.type === 'private') {
    const botId = optionalInteger(body.bot_id, 'bot_id') ?? world.defaultPrivateBot(chat);
    recipients = botId === null ? [] : [botId];
  } else {
    recipients = [...world.activeBots(chat)].filter(([, record]) => isAdminRecord(record)).map(([botId]) => botId);
  }
  const updateId = world.hub.enqueue('message_reaction', recipients.map((botId) => ({ botId, update: { update_id: 0, message_reaction: payload } })));
  return { update_id: updateId, old_reaction: old, new_reaction: reaction };
}

function reactionsControl(context, body, query) {
  const { world } = context;
  const chat = world.chat(requireInteger(query.chat_id, 'chat_id'));
  if (!chat) throw notFoundControl(`chat ${query.chat_id} not found`);
  const messageId = requireInteger(query.message_id, 'message_id');
  return {
    chat_id: chat.id,
    message_id: messageId,
    reactions: world.reactionsOf(chat, messageId).map(({ user, reaction, is_big: isBig, date }) => ({ user, reaction, is_big: isBig, date })),
  };
}

function bulk(context, body) {
  if (!Array.isArray(body.ops)) throw invalidControl('ops must be an array of {op, ...} objects');
  const results = [];
  for (const op of body.ops) {
    const handler = BULK_OPERATIONS[op && op.op];
    if (!handler) {
      results.push({ ok: false, error: `unknown op "${op && op.op}": expected ${Object.keys(BULK_OPERATIONS).join(', ')}` });
      continue;
    }
    try {
      const result = handler(context, op);
      const summary = { ok: true };
      if (result.update_id !== undefined) summary.update_id = result.update_id;
      if (result.update_ids !== undefined) summary.update_ids = result.update_ids;
      if (result.message) summary.message_id = result.message.message_id;
      results.push(summary);
    } catch (error) {
      results.push({ ok: false, error: error.message });
    }
  }
  return { results };
}

const BULK_OPERATIONS = {
  send, join, leave, add_members: addMembers, press, edit, join_request: joinRequest, start: startControl, react,
  // Set-up operations, so that a load generator can create thousands of users and chats quickly.
  user: (context, body) => attempt(() => context.world.upsertUser(body)),
  chat: createChatControl,
  member: setMemberControl,
};

function stats(context) {
  const { world, calls } = context;
  let messages = 0;
  for (const chat of world.chats.values()) messages += chat.messages.size;
  return {
    updates: { ...world.hub.stats, pending: world.hub.pendingCount(), next_update_id: world.hub.nextUpdateId },
    calls: calls.stats(),
    bots: world.bots.size,
    users: world.users.size,
    chats: world.chats.size,
    stored_messages: messages,
    rss_bytes: process.memoryUsage().rss,
    now: world.now(),
  };
}

function reset(context) {
  const { world, calls, faults, limits } = context;
  world.resetState();
  calls.clear();
  faults.clear();
  limits.reset();
  return { ok: true, bots: [...world.bots.keys()] };
}

/** Control endpoints by "METHOD name". */
export const CONTROL_ROUTES = new Map([
  ['POST reset', reset],
  ['POST bots', (context, body) => context.world.botUser(attempt(() => context.world.registerBot(body)))],
  ['GET bots', (context) => ({ bots: [...context.world.bots.values()].map((bot) => context.world.botUser(bot)) })],
  ['POST users', (context, body) => attempt(() => context.world.upsertUser(body))],
  ['POST chats', createChatControl],
  ['POST members', setMemberControl],
  ['GET member', getMemberControl],
  ['POST send', send],
  ['POST join', join],
  ['POST leave', leave],
  ['POST add_members', addMembers],
  ['POST join_request', joinRequest],
  ['POST press', press],
  ['GET callback_answer', callbackAnswer],
  ['POST start', startControl],
  ['POST open_link', openLink],
  ['POST click', click],
  ['POST react', react],
  ['GET reactions', reactionsControl],
  ['POST edit', edit],
  ['POST update', injectUpdate],
  ['POST migrate', migrate],
  ['GET wait_confirmed', waitConfirmed],
  ['GET calls', callsControl],
  ['GET wait_call', waitCall],
  ['GET messages', messagesControl],
  ['GET clock', (context) => clockState(context.world)],
  ['POST clock', advanceClock],
  ['POST faults', (context, body) => ({ fault: attempt(() => context.faults.add(body)) })],
  ['GET faults', (context) => ({ faults: context.faults.list() })],
  ['DELETE faults', (context) => {
    const cleared = context.faults.list().length;
    context.faults.clear();
    return { cleared };
  }],
  ['POST rate_limits', (context, body) => attempt(() => context.limits.configure(body))],
  ['GET rate_limits', (context) => context.limits.describe()],
  ['GET stats', stats],
  ['POST bulk', bulk],
]);
