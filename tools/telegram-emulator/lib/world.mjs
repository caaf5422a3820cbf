// The in-memory Telegram: bots, users, chats, memberships, messages, the virtual clock, and the
// updates that changes to them produce.

import { randomBytes } from 'node:crypto';
import { badRequest, forbidden } from './errors.mjs';
import { FileStore } from './media.mjs';
import {
  ADMIN_RIGHT_FIELDS, PERMISSION_FIELDS, allAdminRights, defaultChatPermissions, rightAppliesTo,
} from './model.mjs';
import { UpdateHub } from './updates.mjs';

const FIRST_USER_ID = 100000001;
const FIRST_BASIC_GROUP_ID = -4000000001;
const FIRST_SUPERGROUP_ID = -1002000000001;
const DEFAULT_HISTORY_LIMIT = 1000;
const CALLBACK_QUERY_ID_BASE = 4382719283700000000n;
// How long a bot may message a user who sent a join request it received, in seconds.
const JOIN_REQUEST_CONTACT_SECONDS = 5 * 60;

const ACTIVE_STATUSES = new Set(['creator', 'administrator', 'member']);
const GROUP_TYPES = new Set(['group', 'supergroup']);

/** Returns whether a membership record makes the user a current member of the chat. */
export function isActiveMember(record) {
  if (!record) return false;
  if (ACTIVE_STATUSES.has(record.status)) return true;
  return record.status === 'restricted' && record.isMember;
}

export function isAdminRecord(record) {
  return record !== null && record !== undefined &&
    (record.status === 'creator' || record.status === 'administrator');
}

/** Builds the short Chat object that messages and updates embed. */
function chatReference(chat) {
  if (chat.type === 'private') {
    const reference = { id: chat.id, first_name: chat.first_name };
    if (chat.last_name) reference.last_name = chat.last_name;
    if (chat.username) reference.username = chat.username;
    reference.type = 'private';
    return reference;
  }
  const reference = { id: chat.id, title: chat.title };
  if (chat.username) reference.username = chat.username;
  reference.type = chat.type;
  if (chat.is_forum) reference.is_forum = true;
  return reference;
}

export class World {
  constructor({ log = () => {}, historyLimit = DEFAULT_HISTORY_LIMIT } = {}) {
    this.log = log;
    this.historyLimit = historyLimit;
    this.clockOffsetMs = 0;
    this.bots = new Map();
    this.botsByToken = new Map();
    this.hub = new UpdateHub({
      now: () => this.now(),
      log,
      onWebhookResponse: (botId, response) => this.onWebhookResponse?.(botId, response),
    });
    this.onWebhookResponse = null;
    this.files = new FileStore();
    this.resetState();
  }

  /** Forgets users, chats, messages, callback queries and pending updates, but keeps the bots. */
  resetState() {
    this.users = new Map();
    this.chats = new Map();
    this.chatsByUsername = new Map();
    this.callbackQueries = new Map();
    this.nextCallbackQuery = 1n;
    this.nextUserId = FIRST_USER_ID;
    this.nextBasicGroupId = FIRST_BASIC_GROUP_ID;
    this.nextSupergroupId = FIRST_SUPERGROUP_ID;
    this.files.clear();
    this.joinRequestContacts = new Map();
    this.clockOffsetMs = 0;
    for (const bot of this.bots.values()) this.users.set(bot.id, bot.user);
    this.hub.clear();
  }

  // ---- virtual clock -------------------------------------------------------------------------

  nowMs() {
    return Date.now() + this.clockOffsetMs;
  }

  /** Virtual Unix time in seconds, used for every `date` field and for until_date expiry. */
  now() {
    return Math.floor(this.nowMs() / 1000);
  }

  advanceClock(seconds) {
    this.clockOffsetMs += Math.round(seconds * 1000);
  }

  // ---- bots and users ------------------------------------------------------------------------

  registerBot({ token, username, first_name: firstName, can_join_groups: canJoinGroups,
    can_read_all_group_messages: canReadAll }) {
    const match = /^(\d{1,16}):([A-Za-z0-9_-]{1,100})$/.exec(String(token || ''));
    if (!match) throw new Error(`invalid bot token "${token}": expected <bot_id>:<secret>`);
    if (!username || !/^[A-Za-z0-9_]{3,32}$/.test(username)) {
      throw new Error(`invalid bot username "${username}": expected 3-32 letters, digits or underscores`);
    }
    const id = Number(match[1]);
    if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`invalid bot id in token "${token}"`);
    const previous = this.bots.get(id);
    if (previous) this.botsByToken.delete(previous.token);
    const user = { id, is_bot: true, first_name: firstName || username, username };
    const bot = {
      id,
      token: String(token),
      user,
      canJoinGroups: canJoinGroups !== false,
      canReadAllGroupMessages: canReadAll !== false,
      commands: previous ? previous.commands : new Map(),
    };
    this.bots.set(id, bot);
    this.botsByToken.set(bot.token, bot);
    this.users.set(id, user);
    this.hub.queue(id);
    return bot;
  }

  botUser(bot) {
    return {
      ...bot.user,
      can_join_groups: bot.canJoinGroups,
      can_read_all_group_messages: bot.canReadAllGroupMessages,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  }

  /** Creates or replaces a user. Ids are assigned from 100000001 upward when missing. */
  upsertUser(fields) {
    let id = fields.id;
    if (id === undefined || id === null) {
      while (this.users.has(this.nextUserId)) this.nextUserId++;
      id = this.nextUserId++;
    }
    id = Number(id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`invalid user id "${fields.id}": expected a positive integer below 2^53`);
    if (this.bots.has(id)) throw new Error(`user id ${id} belongs to a registered bot`);
    if (typeof fields.first_name !== 'string' || fields.first_name.length === 0) {
      throw new Error('first_name is required and must be a non-empty string');
    }
    const user = { id, is_bot: fields.is_bot === true, first_name: fields.first_name };
    for (const field of ['last_name', 'username', 'language_code']) {
      if (typeof fields[field] === 'string' && fields[field]) user[field] = fields[field];
    }
    if (fields.is_premium === true) user.is_premium = true;
    this.users.set(id, user);
    const privateChat = this.chats.get(id);
    if (privateChat && privateChat.type === 'private') {
      Object.assign(privateChat, { first_name: user.first_name, last_name: user.last_name, username: user.username });
      privateChat.reference = chatReference(privateChat);
    }
    return user;
  }

  user(id) {
    return this.users.get(id) || null;
  }

  requireUser(id, what = 'user') {
    const user = this.users.get(Number(id));
    if (!user) throw new Error(`${what} ${id} not found; create it with POST /control/users first`);
    return user;
  }

  // ---- chats ---------------------------------------------------------------------------------

  createChat(fields) {
    const type = fields.type;
    if (!['private', 'group', 'supergroup', 'channel'].includes(type)) {
      throw new Error(`invalid chat type "${type}": expected private, group, supergroup or channel`);
    }
    if (type === 'private') return this.createPrivateChat(fields);
    let id = fields.id;
    if (id === undefined || id === null) {
      if (type === 'group') {
        while (this.chats.has(this.nextBasicGroupId)) this.nextBasicGroupId--;
        id = this.nextBasicGroupId--;
      } else {
        while (this.chats.has(this.nextSupergroupId)) this.nextSupergroupId--;
        id = this.nextSupergroupId--;
      }
    }
    id = Number(id);
    if (!Number.isSafeInteger(id) || id >= 0) throw new Error(`invalid chat id "${fields.id}": group and channel ids are negative integers`);
    if (this.chats.has(id)) throw new Error(`chat ${id} already exists`);
    if (fields.username !== undefined && !/^[A-Za-z0-9_]{4,32}$/.test(fields.username)) {
      throw new Error(`invalid chat username "${fields.username}": expected 4-32 letters, digits or underscores`);
    }

    const permissions = defaultChatPermissions();
    if (fields.permissions && typeof fields.permissions === 'object') {
      for (const field of PERMISSION_FIELDS) {
        if (typeof fields.permissions[field] === 'boolean') permissions[field] = fields.permissions[field];
      }
    }

    const chat = this.newChatRecord({
      id,
      type,
      title: typeof fields.title === 'string' && fields.title ? fields.title : `Chat ${id}`,
      username: fields.username,
      description: fields.description,
      is_forum: type === 'supergroup' && fields.is_forum === true,
      permissions,
    });
    this.chats.set(id, chat);
    if (chat.username) this.chatsByUsername.set(chat.username.toLowerCase(), chat);

    if (fields.linked_chat_id !== undefined && fields.linked_chat_id !== null) {
      this.linkChats(chat, Number(fields.linked_chat_id));
    }
    if (fields.creator_id !== undefined && fields.creator_id !== null) {
      this.requireUser(fields.creator_id, 'creator');
      this.setMember(chat, Number(fields.creator_id), { status: 'creator' }, { emit: false });
    }
    return chat;
  }

  createPrivateChat(fields) {
    const user = this.requireUser(fields.id ?? fields.user_id, 'user');
    const chat = this.privateChat(user);
    if (fields.bot_id !== undefined) chat.startedBots.add(Number(fields.bot_id));
    else for (const botId of this.bots.keys()) chat.startedBots.add(botId);
    return chat;
  }

  /** Returns the private chat record of a user, created if needed, without starting any bot in it. */
  privateChat(user) {
    let chat = this.chats.get(user.id);
    if (!chat) {
      chat = this.newChatRecord({
        id: user.id, type: 'private', first_name: user.first_name, last_name: user.last_name, username: user.username,
      });
      chat.startedBots = new Set();
      this.chats.set(user.id, chat);
    }
    return chat;
  }

  /** Lets the bot message a user who sent a join request it received, for five minutes. */
  allowJoinRequestContact(userId, botId) {
    this.joinRequestContacts.set(`${userId}:${botId}`, this.now() + JOIN_REQUEST_CONTACT_SECONDS);
  }

  /** Ends the contact windows of a user's join request once it is approved or declined. */
  endJoinRequestContact(userId) {
    for (const botId of this.bots.keys()) this.joinRequestContacts.delete(`${userId}:${botId}`);
  }

  mayContactAfterJoinRequest(userId, botId) {
    const until = this.joinRequestContacts.get(`${userId}:${botId}`);
    return until !== undefined && this.now() < until;
  }

  newChatRecord(fields) {
    const chat = {
      ...fields,
      linked_chat_id: undefined,
      members: new Map(),
      adminIds: new Set(),
      memberCount: 0,
      messages: new Map(),
      nextMessageId: 1,
      pinnedIds: [],
      inviteLinks: new Map(),
      primaryInviteLink: null,
      joinRequests: new Map(),
      bannedSenderChats: new Set(),
      reactions: new Map(),
      migratedTo: null,
      migratedFrom: null,
    };
    chat.reference = chatReference(chat);
    return chat;
  }

  linkChats(chat, otherId) {
    const other = this.chats.get(otherId);
    if (!other) throw new Error(`linked chat ${otherId} not found; create it first`);
    chat.linked_chat_id = other.id;
    other.linked_chat_id = chat.id;
  }

  chat(id) {
    return this.chats.get(Number(id)) || null;
  }

  requireChat(id) {
    const chat = this.chats.get(Number(id));
    if (!chat) throw new Error(`chat ${id} not found; create it with POST /control/chats first`);
    if (chat.migratedTo !== null) {
      throw new Error(`group chat ${id} was upgraded to the supergroup ${chat.migratedTo}; use that id`);
    }
    return chat;
  }

  /**
   * Finds the chat for a Bot API chat_id (integer or @username), raising Telegram's errors. Writing
   * to a known user who never opened a private chat is forbidden rather than "not found".
   */
  resolveChatId(value, access = 'read') {
    if (value === undefined || value === null || value === '') throw badRequest('chat_id is empty');
    let chat = null;
    if (typeof value === 'number') chat = this.chats.get(value) || null;
    else if (typeof value === 'string' && value.startsWith('@')) chat = this.chatsByUsername.get(value.slice(1).toLowerCase()) || null;
    if (chat) return chat;
    const user = typeof value === 'number' ? this.users.get(value) : undefined;
    if (user && !user.is_bot && access === 'write') throw forbidden("bot can't initiate conversation with a user");
    throw badRequest('chat not found');
  }

  /**
   * Checks that the bot may use the chat with the given access level, following the Bot API
   * server: 'read' (getChat, getChatMember), 'members' (member lists), 'edit' (editing
   * messages) and 'write' (sending, moderation).
   */
  checkChatAccess(chat, botId, access) {
    if (chat.type === 'private') {
      if (access === 'write' && !chat.startedBots.has(botId) && !this.mayContactAfterJoinRequest(chat.id, botId)) {
        throw forbidden("bot can't initiate conversation with a user");
      }
      return;
    }
    const record = this.member(chat, botId);
    const status = record ? record.status : 'left';
    const needWrite = access === 'write' || (chat.type === 'group' && access === 'members');
    const needEdit = needWrite || access === 'edit';
    if (chat.type === 'group') {
      if (chat.migratedTo !== null && needEdit) {
        throw badRequest('group chat was upgraded to a supergroup chat', { migrate_to_chat_id: chat.migratedTo });
      }
      if (status === 'kicked' && needEdit) throw forbidden('bot was kicked from the group chat');
      if (!isActiveMember(record) && needEdit) throw forbidden('bot is not a member of the group chat');
      return;
    }
    const kind = chat.type === 'channel' ? 'channel' : 'supergroup';
    if (status === 'kicked') throw forbidden(`bot was kicked from the ${kind} chat`);
    const needMember = chat.username ? needEdit : true;
    if (!isActiveMember(record) && needMember) throw forbidden(`bot is not a member of the ${kind} chat`);
  }

  /** The ChatFullInfo object that getChat returns to the given bot. */
  chatFullInfo(chat, botId) {
    const info = { ...chat.reference, accent_color_id: Math.abs(chat.id) % 7, max_reaction_count: 11 };
    info.accepted_gift_types = {
      unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false,
      gifts_from_channels: false,
    };
    if (chat.type === 'private') {
      const user = this.users.get(chat.id);
      if (user && user.bio) info.bio = user.bio;
      return info;
    }
    if (chat.username) info.active_usernames = [chat.username];
    if (chat.description) info.description = chat.description;
    const rights = this.adminRightsOf(chat, botId);
    if (chat.primaryInviteLink && rights && rights.can_invite_users) info.invite_link = chat.primaryInviteLink.invite_link;
    const pinned = this.pinnedMessage(chat);
    if (pinned) info.pinned_message = pinned;
    if (chat.type !== 'channel') info.permissions = { ...chat.permissions };
    if (chat.linked_chat_id !== undefined) info.linked_chat_id = chat.linked_chat_id;
    if (chat.type === 'supergroup') info.has_visible_history = true;
    return info;
  }

  // ---- memberships ---------------------------------------------------------------------------

  /** Returns the user's membership record after applying until_date expiry, or null for "left". */
  member(chat, userId) {
    if (chat.type === 'private') {
      if (userId === chat.id || this.bots.has(userId)) return { status: 'member', userId };
      return null;
    }
    const record = chat.members.get(userId);
    if (!record) return null;
    if (record.untilDate && (record.status === 'kicked' || record.status === 'restricted') && this.now() >= record.untilDate) {
      if (record.status === 'restricted' && record.isMember) {
        const expired = { status: 'member', userId, untilDate: 0 };
        chat.members.set(userId, expired);
        return expired;
      }
      chat.members.delete(userId);
      return null;
    }
    return record;
  }

  /** Administrator rights of a user in a chat: all rights for the creator, null for non-admins. */
  adminRightsOf(chat, userId) {
    const record = this.member(chat, userId);
    if (!record) return null;
    if (record.status === 'creator') return allAdminRights();
    if (record.status === 'administrator') return record.rights;
    return null;
  }

  creatorId(chat) {
    for (const userId of chat.adminIds) {
      const record = chat.members.get(userId);
      if (record && record.status === 'creator') return userId;
    }
    return null;
  }

  /** Returns whether the bot may edit the administrator's rights (ChatMember.can_be_edited). */
  canBotEdit(chat, record, botId) {
    if (!record || record.status !== 'administrator') return false;
    const botRecord = this.member(chat, botId);
    if (!botRecord) return false;
    if (botRecord.status === 'creator') return true;
    return botRecord.status === 'administrator' && botRecord.rights.can_promote_members && record.promotedBy === botId;
  }

  /** Serializes a membership record as the Bot API ChatMember seen by `viewerBotId`. */
  chatMemberObject(chat, userId, record, viewerBotId) {
    const user = this.users.get(userId) || { id: userId, is_bot: false, first_name: '' };
    if (!record) return { user, status: 'left' };
    switch (record.status) {
      case 'creator': {
        const member = { user, status: 'creator', is_anonymous: record.isAnonymous === true };
        if (record.customTitle) member.custom_title = record.customTitle;
        return member;
      }
      case 'administrator': {
        const member = { user, status: 'administrator', can_be_edited: this.canBotEdit(chat, record, viewerBotId) };
        member.is_anonymous = record.rights.is_anonymous === true;
        for (const field of ADMIN_RIGHT_FIELDS) {
          if (rightAppliesTo(field, chat.type)) member[field] = record.rights[field] === true;
        }
        if (record.customTitle) member.custom_title = record.customTitle;
        return member;
      }
      case 'member': {
        const member = { user, status: 'member' };
        if (record.untilDate) member.until_date = record.untilDate;
        return member;
      }
      case 'restricted': {
        const member = { user, status: 'restricted', is_member: record.isMember === true };
        for (const field of PERMISSION_FIELDS) member[field] = record.permissions[field] === true;
        member.until_date = record.untilDate || 0;
        return member;
      }
      case 'kicked':
        return { user, status: 'kicked', until_date: record.untilDate || 0 };
      default:
        return { user, status: 'left' };
    }
  }

  /**
   * Builds a membership record from control-API style input: status plus `rights` (administrator
   * rights or, for restricted members, ChatPermissions), until_date and custom_title.
   */
  memberRecord(chat, userId, { status, rights, until_date: untilDate, custom_title: customTitle, is_member: isMember,
    promoted_by: promotedBy }) {
    switch (status) {
      case 'creator':
        return { status, userId, isAnonymous: rights?.is_anonymous === true, customTitle };
      case 'administrator': {
        const adminRights = { is_anonymous: rights?.is_anonymous === true };
        for (const field of ADMIN_RIGHT_FIELDS) adminRights[field] = rights ? rights[field] === true : false;
        if (!rights) {
          adminRights.can_manage_chat = true;
          adminRights.can_delete_messages = true;
          adminRights.can_restrict_members = true;
          adminRights.can_invite_users = true;
          adminRights.can_pin_messages = true;
        } else {
          adminRights.can_manage_chat = true;
        }
        return { status, userId, rights: adminRights, customTitle, promotedBy: promotedBy ?? this.creatorId(chat) };
      }
      case 'member':
        return { status, userId, untilDate: 0 };
      case 'restricted': {
        const permissions = {};
        for (const field of PERMISSION_FIELDS) permissions[field] = rights ? rights[field] === true : false;
        return { status, userId, permissions, untilDate: Number(untilDate) || 0, isMember: isMember !== false };
      }
      case 'kicked':
        return { status, userId, untilDate: Number(untilDate) || 0 };
      case 'left':
        return null;
      default:
        throw new Error(`invalid member status "${status}": expected creator, administrator, member, restricted, left or kicked`);
    }
  }

  /**
   * Replaces a user's membership and, when `emit` is set, produces the chat_member/my_chat_member
   * updates and the join or leave service message. Returns {old, record, updateIds, message}.
   */
  setMember(chat, userId, recordOrFields, options = {}) {
    const { emit = true, actorId = null, inviteLink = null, viaJoinRequest = false, serviceMessage = true,
      actorIsSelf = false } = options;
    const old = this.member(chat, userId);
    const record = recordOrFields && !('userId' in recordOrFields)
      ? this.memberRecord(chat, userId, recordOrFields)
      : recordOrFields;
    if (record && record.status === 'creator') {
      const creator = this.creatorId(chat);
      if (creator !== null && creator !== userId) {
        throw new Error(`chat ${chat.id} already has the creator ${creator}; change that membership first`);
      }
    }
    this.storeMember(chat, userId, old, record);

    const result = { old, record, updateIds: [], message: null };
    if (!emit) return result;

    const actor = actorId ?? (actorIsSelf ? userId : this.creatorId(chat) ?? userId);
    const updateId = this.emitMemberChange(chat, userId, old, record, actor, { inviteLink, viaJoinRequest });
    if (updateId !== null) result.updateIds.push(updateId);

    if (serviceMessage && chat.type !== 'channel') {
      const joined = !isActiveMember(old) && isActiveMember(record);
      const left = isActiveMember(old) && !isActiveMember(record);
      if (joined || left) {
        // A join by request is shown as sent by the user who joined; other changes by the actor.
        const from = (viaJoinRequest ? this.users.get(userId) : this.users.get(actor)) || this.users.get(userId);
        const user = this.users.get(userId);
        const fields = joined ? this.joinFields([user]) : { left_chat_participant: user, left_chat_member: user };
        const sent = this.postServiceMessage(chat, from, fields);
        result.message = sent.message;
        if (sent.updateId !== null) result.updateIds.push(sent.updateId);
      }
    }
    return result;
  }

  /**
   * Returns the fields of a "new members" service message. Besides new_chat_members, the Bot API
   * sets the older new_chat_participant and new_chat_member to one of them: a registered bot if
   * one was added, else the first.
   */
  joinFields(users) {
    const chosen = users.find((user) => this.bots.has(user.id)) || users[0];
    return { new_chat_participant: chosen, new_chat_member: chosen, new_chat_members: users };
  }

  /**
   * Returns the forward_origin of a forward of `message` from `chat`: the original origin when the
   * message was itself forwarded, else the user, the chat it was sent on behalf of, or the channel.
   */
  forwardOrigin(chat, message) {
    if (message.forward_origin) return message.forward_origin;
    if (chat.type === 'channel') {
      const origin = { type: 'channel', chat: chat.reference, message_id: message.message_id, date: message.date };
      if (message.author_signature) origin.author_signature = message.author_signature;
      return origin;
    }
    if (message.sender_chat) {
      const origin = { type: 'chat', sender_chat: message.sender_chat, date: message.date };
      if (message.author_signature) origin.author_signature = message.author_signature;
      return origin;
    }
    return { type: 'user', sender_user: message.from, date: message.date };
  }

  storeMember(chat, userId, old, record) {
    if (record) chat.members.set(userId, record);
    else chat.members.delete(userId);
    if (isActiveMember(old) && !isActiveMember(record)) chat.memberCount--;
    if (!isActiveMember(old) && isActiveMember(record)) chat.memberCount++;
    if (isAdminRecord(record)) chat.adminIds.add(userId);
    else chat.adminIds.delete(userId);
  }

  /** Emits chat_member to administrator bots and my_chat_member to the bot itself. */
  emitMemberChange(chat, userId, old, record, actorId, { inviteLink = null, viaJoinRequest = false } = {}) {
    const deliveries = [];
    const actor = this.users.get(actorId) || this.users.get(userId);
    const date = this.now();
    const build = (viewerBotId) => {
      const payload = {
        chat: chat.reference,
        from: actor,
        date,
        old_chat_member: this.chatMemberObject(chat, userId, old, viewerBotId),
        new_chat_member: this.chatMemberObject(chat, userId, record, viewerBotId),
      };
      if (inviteLink) payload.invite_link = inviteLink;
      if (viaJoinRequest) payload.via_join_request = true;
      return payload;
    };
    if (this.bots.has(userId)) {
      deliveries.push({ botId: userId, update: { update_id: 0, my_chat_member: build(userId) } });
    }
    const chatMemberDeliveries = [];
    for (const adminId of chat.adminIds) {
      if (adminId === userId || !this.bots.has(adminId)) continue;
      chatMemberDeliveries.push({ botId: adminId, update: { update_id: 0, chat_member: build(adminId) } });
    }
    let updateId = null;
    if (deliveries.length > 0) updateId = this.hub.enqueue('my_chat_member', deliveries);
    if (chatMemberDeliveries.length > 0) {
      const chatMemberId = this.hub.enqueue('chat_member', chatMemberDeliveries);
      updateId = updateId ?? chatMemberId;
    }
    if (updateId === null) updateId = this.hub.enqueue('chat_member', []);
    return updateId;
  }

  /** Registered bots that are current members of a group or channel, with their records. */
  *activeBots(chat) {
    for (const botId of this.bots.keys()) {
      const record = this.member(chat, botId);
      if (isActiveMember(record)) yield [botId, record];
    }
  }

  // ---- messages ------------------------------------------------------------------------------

  /**
   * Stores a new message in the chat and returns it. `fields` are the Message fields after
   * message_id/from/sender_chat/chat/date, which this method fills in. `authorId` is the user or
   * bot that sent it, kept beside the message because channel posts carry no `from`.
   */
  createMessage(chat, { from, senderChat, fields, authorId }) {
    const message = { message_id: chat.nextMessageId++ };
    if (from) message.from = from;
    if (senderChat) message.sender_chat = senderChat;
    message.chat = chat.reference;
    message.date = this.now();
    Object.assign(message, fields);
    this.storeMessage(chat, message, authorId ?? (from ? from.id : null));
    return message;
  }

  storeMessage(chat, message, authorId) {
    chat.messages.set(message.message_id, { message, deleted: false, authorId });
    if (chat.messages.size > this.historyLimit) {
      const oldest = chat.messages.keys().next().value;
      chat.messages.delete(oldest);
      chat.reactions.delete(oldest);
    }
  }

  /**
   * Records the reaction a user or bot set on a message (an empty list removes it) and returns
   * the previous one.
   */
  setReaction(chat, messageId, user, reaction, isBig = false) {
    let byUser = chat.reactions.get(messageId);
    if (!byUser) {
      byUser = new Map();
      chat.reactions.set(messageId, byUser);
    }
    const previous = byUser.get(user.id);
    if (reaction.length === 0) byUser.delete(user.id);
    else byUser.set(user.id, { user, reaction, is_big: isBig, date: this.now() });
    return previous ? previous.reaction : [];
  }

  /** Returns the reactions on a message as [{user, reaction, is_big, date}], in the order they were set. */
  reactionsOf(chat, messageId) {
    const byUser = chat.reactions.get(Number(messageId));
    return byUser ? [...byUser.values()] : [];
  }

  /** Returns the stored message entry {message, deleted, authorId}, or null when unknown or evicted. */
  messageEntry(chat, messageId) {
    return chat.messages.get(Number(messageId)) || null;
  }

  liveMessage(chat, messageId) {
    const entry = chat.messages.get(Number(messageId));
    return entry && !entry.deleted ? entry.message : null;
  }

  liveEntry(chat, messageId) {
    const entry = chat.messages.get(Number(messageId));
    return entry && !entry.deleted ? entry : null;
  }

  replaceMessage(chat, message) {
    const entry = chat.messages.get(message.message_id);
    if (entry) entry.message = message;
  }

  deleteMessage(chat, messageId) {
    const entry = chat.messages.get(Number(messageId));
    if (entry) entry.deleted = true;
  }

  pinnedMessage(chat) {
    for (let index = chat.pinnedIds.length - 1; index >= 0; index--) {
      const message = this.liveMessage(chat, chat.pinnedIds[index]);
      if (message) return message;
    }
    return null;
  }

  /** Returns the copy of a message that other messages embed: without its own reply_to_message. */
  embeddedMessage(message) {
    if (!message.reply_to_message && !message.pinned_message) return message;
    const copy = { ...message };
    delete copy.reply_to_message;
    delete copy.pinned_message;
    return copy;
  }

  /**
   * Bots that receive a message update in this chat: current bot members other than the sender.
   * A bot with privacy mode (can_read_all_group_messages=false) that is not an administrator only
   * gets commands, replies to itself, mentions of itself and service messages.
   */
  messageRecipients(chat, message, { excludeBotId = null, isService = false, botId = null } = {}) {
    if (chat.type === 'private') {
      const target = botId ?? this.defaultPrivateBot(chat);
      return target !== null && target !== excludeBotId ? [target] : [];
    }
    const recipients = [];
    for (const [candidateId, record] of this.activeBots(chat)) {
      if (candidateId === excludeBotId) continue;
      if (chat.type === 'channel' && !isAdminRecord(record)) continue;
      const bot = this.bots.get(candidateId);
      if (!isService && !bot.canReadAllGroupMessages && !isAdminRecord(record) && !this.addressesBot(message, bot)) continue;
      recipients.push(candidateId);
    }
    return recipients;
  }

  /** Returns the bot that receives a private message without bot_id: the first registered bot that talks to the user. */
  defaultPrivateBot(chat) {
    for (const botId of this.bots.keys()) {
      if (chat.startedBots.has(botId)) return botId;
    }
    const first = this.bots.keys().next();
    return first.done ? null : first.value;
  }

  addressesBot(message, bot) {
    if (message.reply_to_message && message.reply_to_message.from && message.reply_to_message.from.id === bot.id) return true;
    const text = message.text || message.caption || '';
    const entities = message.entities || message.caption_entities || [];
    const mention = `@${bot.user.username}`.toLowerCase();
    for (const entity of entities) {
      const value = text.slice(entity.offset, entity.offset + entity.length).toLowerCase();
      if (entity.type === 'bot_command' && (!value.includes('@') || value.endsWith(mention))) return true;
      if (entity.type === 'mention' && value === mention) return true;
    }
    return false;
  }

  /** Queues a message-like update (message, edited_message, channel_post...) for the recipients. */
  emitMessage(chat, message, type, recipients) {
    const update = { update_id: 0, [type]: message };
    return this.hub.enqueue(type, recipients.map((botId) => ({ botId, update })));
  }

  /** Creates a service message from `from` and delivers it; returns {message, updateId}. */
  postServiceMessage(chat, from, fields, { excludeBotId = null } = {}) {
    const message = this.createMessage(chat, { from, fields });
    // Bots get their own service messages only for removed members and pins, like in Telegram.
    const ownVisible = fields.left_chat_member !== undefined || fields.pinned_message !== undefined;
    const exclude = excludeBotId ?? (from && this.bots.has(from.id) && !ownVisible ? from.id : null);
    const recipients = this.messageRecipients(chat, message, { excludeBotId: exclude, isService: true });
    const updateId = this.emitMessage(chat, message, chat.type === 'channel' ? 'channel_post' : 'message', recipients);
    return { message, updateId };
  }

  // ---- callback queries, invite links, files -------------------------------------------------

  newCallbackQueryId() {
    const id = CALLBACK_QUERY_ID_BASE + this.nextCallbackQuery;
    this.nextCallbackQuery++;
    return id.toString();
  }

  chatInstance(chat) {
    return (-3927461827364519283n + BigInt(Math.abs(chat.id))).toString();
  }

  newInviteLink(chat, creator, fields = {}) {
    const link = {
      invite_link: `https://t.me/+${randomBytes(12).toString('base64url')}`,
      creator,
      creates_join_request: fields.creates_join_request === true,
      is_primary: fields.is_primary === true,
      is_revoked: false,
    };
    if (fields.name) link.name = fields.name;
    if (fields.expire_date) link.expire_date = fields.expire_date;
    if (fields.member_limit) link.member_limit = fields.member_limit;
    chat.inviteLinks.set(link.invite_link, link);
    return link;
  }

  isGroupLike(chat) {
    return GROUP_TYPES.has(chat.type);
  }

  /** Turns a basic group into a supergroup, as Telegram does when a group is upgraded. */
  migrateChat(chat) {
    if (chat.type !== 'group') throw new Error(`chat ${chat.id} is a ${chat.type}; only basic groups can be migrated`);
    if (chat.migratedTo !== null) throw new Error(`chat ${chat.id} was already migrated to ${chat.migratedTo}`);
    const supergroup = this.createChat({ type: 'supergroup', title: chat.title, permissions: chat.permissions });
    supergroup.description = chat.description;
    supergroup.migratedFrom = chat.id;
    for (const [userId, record] of chat.members) {
      const copy = { ...record };
      if (copy.status === 'administrator') copy.rights = { ...copy.rights };
      this.storeMember(supergroup, userId, null, copy);
    }
    const creator = this.users.get(this.creatorId(chat)) || null;
    const updateIds = [];
    const oldNotice = this.postServiceMessage(chat, creator, { migrate_to_chat_id: supergroup.id });
    updateIds.push(oldNotice.updateId);
    chat.migratedTo = supergroup.id;
    const newNotice = this.postServiceMessage(supergroup, creator, { migrate_from_chat_id: chat.id });
    updateIds.push(newNotice.updateId);
    return { supergroup, updateIds, messages: [oldNotice.message, newNotice.message] };
  }
}
