// URLs as the Bot API checks them (inline keyboard buttons, text_link entities, <a href>) and
// Telegram links such as https://t.me/<bot>?start=<payload>.

const HOST_EXTRA_CHARACTERS = new Set(".-_!$,~*'();&+=".split(''));
const DEEP_LINK_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
const TELEGRAM_HOSTS = new Set(['t.me', 'telegram.me', 'telegram.dog']);

function isAsciiAlphanumeric(character) {
  return /^[A-Za-z0-9]$/.test(character);
}

/** Checks one part of the authority (host or userinfo); returns an error text or null. */
function authorityPartError(part, name, allowColon) {
  for (let index = 0; index < part.length; index++) {
    const character = part[index];
    if (isAsciiAlphanumeric(character) || HOST_EXTRA_CHARACTERS.has(character) || (allowColon && character === ':')) continue;
    if (character === '%') {
      if (/^[0-9A-Fa-f]{2}$/.test(part.slice(index + 1, index + 3))) {
        index += 2;
        continue;
      }
      return `Wrong percent-encoded symbol in URL ${name}`;
    }
    if (character.charCodeAt(0) >= 128) continue;
    return `Disallowed character in URL ${name}`;
  }
  return null;
}

/**
 * Splits a URL into protocol, userinfo, host, port and the rest ("/path?query#fragment"), the way
 * the Bot API server reads it: the scheme is optional (http is assumed), only http and https are
 * allowed, and the host is lower-cased. Returns {error} when the URL can't be used.
 */
function splitUrl(url, defaultProtocol = 'http') {
  let rest = url;
  let protocol = defaultProtocol;
  const scheme = /^([^:/?#@[\]]*):\/\//.exec(url);
  if (scheme) {
    protocol = scheme[1].toLowerCase();
    if (protocol !== 'http' && protocol !== 'https') return { error: 'Unsupported URL protocol' };
    rest = url.slice(scheme[0].length);
  }
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  let path = authorityEnd < 0 ? '' : rest.slice(authorityEnd);

  let port = 0;
  let userinfoHost = authority;
  let colon = authority.length - 1;
  while (colon > 0 && !':]@'.includes(authority[colon])) colon--;
  if (colon > 0 && authority[colon] === ':') {
    const digits = authority.slice(colon + 1).replace(/^0+(?=.)/, '');
    port = /^\d{1,5}$/.test(digits) && Number(digits) > 0 ? Number(digits) : -1;
    userinfoHost = authority.slice(0, colon);
  }
  if (port < 0 || port > 65535) return { error: 'Wrong port number specified in the URL' };

  const at = userinfoHost.lastIndexOf('@');
  const userinfo = at < 0 ? '' : userinfoHost.slice(0, at);
  const host = userinfoHost.slice(at + 1).toLowerCase();
  const isIpv6 = host.length > 1 && host.startsWith('[') && host.endsWith(']');
  if (isIpv6 && !/^\[[0-9a-f:.]+\]$/.test(host)) return { error: 'Wrong IPv6 address specified in the URL' };
  if (host === '') return { error: 'URL host is empty' };
  if (host === '.') return { error: 'Host is invalid' };

  path = path.replace(/\s+$/, '');
  if (path === '') path = '/';
  if (path[0] !== '/') path = `/${path}`;
  path = path.replace(/[\u0000-\u0020]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

  if (!isIpv6) {
    const error = authorityPartError(host, 'host', false) || authorityPartError(userinfo, 'userinfo', true);
    if (error) return { error };
  }
  return { protocol, userinfo, host, isIpv6, port, path, hadScheme: scheme !== null };
}

/**
 * Checks a URL for a URL button or a text link. Returns {url} with the URL in the form Telegram
 * stores it (http:// added when missing, host lower-cased, "/" as the empty path), or {error} with
 * the reason, e.g. "Wrong HTTP URL" for a host without a dot.
 */
export function checkLink(link) {
  const text = String(link);
  if (/^tg:/i.test(text)) {
    let rest = text.slice(3);
    if (rest.startsWith('//')) rest = rest.slice(2);
    const parts = splitUrl(rest);
    if (parts.error) return parts;
    if (/^http:\/\//i.test(rest) || parts.protocol === 'https' || parts.userinfo || parts.port || parts.isIpv6) {
      return { error: 'Wrong tg URL' };
    }
    if (!/^[A-Za-z0-9_-]+$/.test(parts.host)) return { error: 'Unallowed characters in URL host' };
    const query = parts.path.startsWith('/?') ? parts.path.slice(1) : parts.path;
    return { url: `tg://${parts.host}${query}` };
  }
  const parts = splitUrl(text);
  if (parts.error) return parts;
  if (!parts.isIpv6 && !parts.host.includes('.')) return { error: 'Wrong HTTP URL' };
  const userinfo = parts.userinfo ? `${parts.userinfo}@` : '';
  const port = parts.port ? `:${parts.port}` : '';
  return { url: `${parts.protocol}://${userinfo}${parts.host}${port}${parts.path}` };
}

/** Formats the error text Telegram gives for a link that checkLink rejects. */
export function invalidLinkText(link, reason) {
  return `URL '${link}' is invalid: ${reason}`;
}

/** Returns the user id of a tg://user?id=N link, or null. */
export function linkUserId(link) {
  const match = /^tg:(?:\/\/)?user\?(?:.*&)?id=(\d{1,16})(?:&.*)?$/i.exec(String(link).trim());
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** Returns whether a deep-link payload is one Telegram passes on: 1-64 of A-Z a-z 0-9 _ -. */
export function isValidStartPayload(payload) {
  return DEEP_LINK_PAYLOAD.test(payload);
}

/**
 * Parses a link to a Telegram user or bot: https://t.me/<name>, t.me/<name>?start=<payload>,
 * telegram.me and telegram.dog, and tg://resolve?domain=<name>&start=<payload>. Returns
 * {username, params} where params contains the query parameters, or null for other links.
 */
export function parseTelegramLink(link) {
  const text = String(link).trim();
  const tg = /^tg:(?:\/\/)?resolve\?(.*)$/i.exec(text);
  if (tg) {
    const params = new URLSearchParams(tg[1].split('#')[0]);
    const username = params.get('domain');
    if (!username) return null;
    params.delete('domain');
    return { username, params };
  }
  const match = /^(?:https?:\/\/)?([^/?#]+)\/([^/?#]+)\/?(?:\?([^#]*))?(?:#.*)?$/i.exec(text);
  if (!match || !TELEGRAM_HOSTS.has(match[1].toLowerCase().replace(/^www\./, ''))) return null;
  const username = decodeURIComponent(match[2]);
  if (!/^[A-Za-z0-9_]{3,32}$/.test(username)) return null;
  return { username, params: new URLSearchParams(match[3] || '') };
}
