#include "text/buttons.h"

#include <algorithm>
#include <charconv>

#include "text/brace_tokens.h"
#include "text/markdown_syntax.h"
#include "text/utf8.h"

namespace warden::text {
namespace {

constexpr std::string_view kButtonScheme = "buttonurl";
constexpr std::string_view kSameRowSuffix = ":same";

char to_lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) { return to_lower_ascii(c); });
  return out;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && to_lower_ascii(text.substr(0, prefix.size())) == prefix;
}

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         to_lower_ascii(text.substr(text.size() - suffix.size())) == suffix;
}

std::string_view trim_spaces(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\n");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\n") - first + 1);
}

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// A scheme as RFC 3986 defines it: a letter, then letters, digits, '+', '-' or '.'.
bool is_scheme(std::string_view text) {
  if (text.empty() || !is_ascii_alpha(text[0])) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return is_ascii_alpha(c) || is_ascii_digit(c) || c == '+' || c == '-' || c == '.';
  });
}

bool contains_space_or_control(std::string_view url) {
  for (std::size_t at = 0; at < url.size();) {
    const DecodedChar decoded = decode_utf8(url, at);
    const char32_t c = decoded.code_point;
    if (c < 0x20 || c == 0x7F || is_whitespace(c)) return true;
    at += decoded.size;
  }
  return false;
}

// The scheme of `url` in lower case, or "" when the URL is written without one. "example.com:8080"
// and "localhost:80/x" have no scheme: a scheme has no '.', and a port follows its ':'.
std::string scheme_of(std::string_view url) {
  const std::size_t colon = url.find(':');
  if (colon == std::string_view::npos || !is_scheme(url.substr(0, colon))) return {};
  const std::string_view rest = url.substr(colon + 1);
  const bool has_slashes = rest.substr(0, 2) == "//";
  const bool looks_like_port = !rest.empty() && is_ascii_digit(rest[0]);
  if (!has_slashes &&
      (url.substr(0, colon).find('.') != std::string_view::npos || looks_like_port)) {
    return {};
  }
  return to_lower_ascii(url.substr(0, colon));
}

bool is_valid_port(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  int value = 0;
  auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  return error == std::errc() && end == port.data() + port.size() && value >= 1 &&
         value <= 65535;
}

// A domain name needs a dot between non-empty labels; IP literals such as 10.0.0.1 pass too.
// Non-ASCII characters are allowed for internationalized domain names.
bool is_valid_web_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    // An IPv6 literal: hex digits and colons, with an IPv4 tail allowed.
    const std::string_view address = host.substr(1, host.size() - 2);
    const bool allowed = std::all_of(address.begin(), address.end(), [](char c) {
      return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
             c == '.';
    });
    return allowed && std::count(address.begin(), address.end(), ':') >= 2;
  }
  if (host.empty() || host.front() == '.' || host.back() == '.') return false;
  if (host.find('.') == std::string_view::npos || host.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(host.begin(), host.end(), [](char c) {
    return is_ascii_alpha(c) || is_ascii_digit(c) || c == '-' || c == '.' || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  });
}

// Checks the host (and port) that follow "scheme://".
// User information before '@': unreserved and sub-delimiter characters, ':' and '%' escapes.
bool is_valid_userinfo(std::string_view userinfo) {
  return std::all_of(userinfo.begin(), userinfo.end(), [](char c) {
    return is_ascii_alpha(c) || is_ascii_digit(c) ||
           std::string_view("-._~!$&'()*+,;=:%").find(c) != std::string_view::npos;
  });
}

// The host of a tg:// link names an action such as "resolve" or "user": letters, digits, '_'
// and '-' only, without user information or a port.
bool is_valid_tg_host(std::string_view authority) {
  return !authority.empty() && std::all_of(authority.begin(), authority.end(), [](char c) {
    return is_ascii_alpha(c) || is_ascii_digit(c) || c == '_' || c == '-';
  });
}

bool has_valid_host(std::string_view scheme, std::string_view after_slashes) {
  std::string_view authority = after_slashes.substr(0, after_slashes.find_first_of("/?#"));
  if (scheme == "tg") return is_valid_tg_host(authority);
  if (const std::size_t at_sign = authority.find('@'); at_sign != std::string_view::npos) {
    if (!is_valid_userinfo(authority.substr(0, at_sign))) return false;
    authority.remove_prefix(at_sign + 1);
  }
  std::string_view host = authority;
  const std::size_t bracket = authority.rfind(']');
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    if (!is_valid_port(authority.substr(colon + 1))) return false;
    host = authority.substr(0, colon);
  }
  return is_valid_web_host(host);
}

}  // namespace

std::string describe(ButtonUrlError error) {
  switch (error) {
    case ButtonUrlError::kEmpty:
      return "the URL is empty; write one such as [Site](buttonurl://example.com)";
    case ButtonUrlError::kContainsSpace:
      return "the URL contains a space or a control character; remove it or write it as %20";
    case ButtonUrlError::kSchemeNotAllowed:
      return "only http, https and tg:// URLs are allowed";
    case ButtonUrlError::kInvalidHost:
      return "the URL has no valid host; write a domain such as example.com";
    case ButtonUrlError::kTooLong:
      return "the URL is longer than 2048 bytes";
  }
  return "the URL is invalid";
}

bool is_button_target(std::string_view link_target) {
  const std::string_view target = trim_spaces(link_target);
  if (!starts_with_ignoring_case(target, kButtonScheme)) return false;
  const std::string_view rest = target.substr(kButtonScheme.size());
  if (!rest.empty() && rest[0] == ':') return true;
  if (rest.empty() || rest[0] != '#') return false;
  const std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 1) return false;
  const std::string_view style = rest.substr(1, colon - 1);
  return std::all_of(style.begin(), style.end(), is_ascii_alpha);
}

ButtonTarget parse_button_target(std::string_view link_target) {
  std::string_view url = trim_spaces(link_target);
  url.remove_prefix(std::min(url.size(), url.find(':') + 1));
  while (!url.empty() && url.front() == '/') url.remove_prefix(1);

  ButtonTarget target;
  if (ends_with_ignoring_case(url, kSameRowSuffix)) {
    target.same_row = true;
    url.remove_suffix(kSameRowSuffix.size());
  }
  target.url = std::string(trim_spaces(url));
  return target;
}

tl::expected<std::string, ButtonUrlError> normalize_button_url(std::string_view url) {
  if (url.empty()) return tl::unexpected(ButtonUrlError::kEmpty);
  if (contains_space_or_control(url)) return tl::unexpected(ButtonUrlError::kContainsSpace);

  std::string normalized;
  std::string scheme = scheme_of(url);
  if (scheme.empty()) {
    scheme = "https";
    normalized = "https://" + std::string(url);
  } else {
    normalized = scheme + std::string(url.substr(scheme.size()));
  }
  const std::string_view rest = std::string_view(normalized).substr(scheme.size() + 1);
  const bool allowed = scheme == "http" || scheme == "https" || scheme == "tg";
  if (!allowed || rest.substr(0, 2) != "//") {
    return tl::unexpected(ButtonUrlError::kSchemeNotAllowed);
  }
  if (!has_valid_host(scheme, rest.substr(2))) return tl::unexpected(ButtonUrlError::kInvalidHost);
  if (normalized.size() > kMaxButtonUrlBytes) return tl::unexpected(ButtonUrlError::kTooLong);
  return normalized;
}

void add_button(ButtonRows& rows, Button button, bool same_row) {
  if (same_row && !rows.empty()) {
    rows.back().push_back(std::move(button));
  } else {
    rows.push_back({std::move(button)});
  }
}

std::string buttons_to_markdown(const ButtonRows& rows) {
  std::string out;
  for (const std::vector<Button>& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (!out.empty()) out += '\n';
      out += '[';
      out += escape_markdown(row[i].text);
      out += "](buttonurl://";
      out += escape_markdown_url(row[i].url);
      if (i > 0) out += kSameRowSuffix;
      out += ')';
    }
  }
  return out;
}

RulesTokens extract_rules_tokens(std::string_view text) {
  RulesTokens result;
  result.text = remove_brace_tokens(text, [&](std::string_view name) {
    std::optional<RulesButtonPosition> position;
    if (name == "rules") position = RulesButtonPosition::kNewLastRow;
    if (name == "rules:same") position = RulesButtonPosition::kSameRow;
    if (name == "rules:up") position = RulesButtonPosition::kFirstRow;
    if (position && !result.position) result.position = position;
    return position.has_value();
  });
  return result;
}

void place_rules_button(ButtonRows& rows, Button button, RulesButtonPosition position) {
  switch (position) {
    case RulesButtonPosition::kNewLastRow:
      rows.push_back({std::move(button)});
      break;
    case RulesButtonPosition::kSameRow:
      add_button(rows, std::move(button), true);
      break;
    case RulesButtonPosition::kFirstRow:
      rows.insert(rows.begin(), {std::move(button)});
      break;
  }
}

}  // namespace warden::text
