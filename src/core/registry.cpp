#include "core/registry.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "storage/directory.h"

namespace warden::core {

const char* right_name(Right right) {
  switch (right) {
    case Right::kNone:
      return "";
    case Right::kRestrict:
      return "can_restrict_members";
    case Right::kDelete:
      return "can_delete_messages";
    case Right::kPromote:
      return "can_promote_members";
    case Right::kPin:
      return "can_pin_messages";
    case Right::kChangeInfo:
      return "can_change_info";
    case Right::kInvite:
      return "can_invite_users";
  }
  return "";
}

bool has_right(const telegram::ChatMember& member, Right right) {
  if (member.status == telegram::MemberStatus::kCreator) return true;
  if (member.status != telegram::MemberStatus::kAdministrator) return false;
  switch (right) {
    case Right::kNone:
      return true;
    case Right::kRestrict:
      return member.can_restrict_members;
    case Right::kDelete:
      return member.can_delete_messages;
    case Right::kPromote:
      return member.can_promote_members;
    case Right::kPin:
      return member.can_pin_messages;
    case Right::kChangeInfo:
      return member.can_change_info;
    case Right::kInvite:
      return member.can_invite_users;
  }
  return false;
}

std::string CallbackData::get(const std::string& key) const {
  auto found = fields.find(key);
  return found == fields.end() ? std::string() : found->second;
}

std::optional<std::int64_t> CallbackData::get_int(const std::string& key) const {
  std::string text = get(key);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

namespace {

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int value = 0;
      auto [end, error] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (error == std::errc() && end == text.data() + i + 3) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::optional<CallbackData> parse_callback_data(std::string_view data) {
  std::size_t first = data.find('|');
  if (first == std::string_view::npos || first == 0) return std::nullopt;
  std::size_t second = data.find('|', first + 1);
  if (second == std::string_view::npos || data.substr(first + 1, second - first - 1) != "v1") {
    return std::nullopt;
  }
  CallbackData parsed;
  parsed.name_space = std::string(data.substr(0, first));
  std::string_view rest = data.substr(second + 1);
  if (rest == "_" || rest.empty()) return parsed;
  while (!rest.empty()) {
    std::size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    parsed.fields[percent_decode(pair.substr(0, equals))] = percent_decode(pair.substr(equals + 1));
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return parsed;
}

Command admin_command(std::string_view module_key, std::string name, CommandHandler handler,
                      Right right) {
  Command command;
  command.access = Access::kAdmin;
  command.user_right = right;
  command.group_only = true;
  command.anonymous_confirm = right != Right::kNone;
  command.help_key = std::string(module_key) + ".help_" + name;
  command.name = std::move(name);
  command.handler = std::move(handler);
  return command;
}

std::optional<std::string> make_callback_data(std::string_view name_space,
                                              const std::map<std::string, std::string>& fields) {
  std::string data(name_space);
  data += "|v1|";
  if (fields.empty()) data += '_';
  bool first = true;
  for (const auto& [key, value] : fields) {
    if (!first) data += '&';
    first = false;
    data += percent_encode(key) + "=" + percent_encode(value);
  }
  if (data.size() > 64) return std::nullopt;
  return data;
}

void Registry::add(Module module) { modules_.push_back(std::move(module)); }

void Registry::seal() {
  std::stable_sort(modules_.begin(), modules_.end(),
                   [](const Module& a, const Module& b) { return a.priority < b.priority; });
  commands_.clear();
  callbacks_.clear();
  watchers_.clear();
  for (const Module& module : modules_) {
    for (const Command& command : module.commands) {
      auto add_name = [&](const std::string& name) {
        if (!commands_.emplace(name, Found{&module, &command}).second) {
          throw std::logic_error("command /" + name + " is registered twice");
        }
      };
      add_name(command.name);
      for (const std::string& alias : command.aliases) add_name(alias);
    }
    for (const auto& [name_space, handler] : module.callbacks) callbacks_[name_space] = &handler;
    for (const auto& [prefix, handler] : module.deep_links) deep_links_[prefix] = &handler;
    for (const WatcherSpec& watcher : module.watchers)
      watchers_.push_back({watcher.group, &watcher});
  }
  std::stable_sort(
      watchers_.begin(), watchers_.end(),
      [](const OrderedWatcher& a, const OrderedWatcher& b) { return a.group < b.group; });
}

std::optional<Registry::Found> Registry::find_command(std::string_view name) const {
  auto found = commands_.find(name);
  if (found == commands_.end()) return std::nullopt;
  return found->second;
}

const CallbackHandler* Registry::find_callback(std::string_view name_space) const {
  auto found = callbacks_.find(name_space);
  return found == callbacks_.end() ? nullptr : found->second;
}

std::optional<Registry::FoundDeepLink> Registry::find_deep_link(std::string_view payload) const {
  std::optional<FoundDeepLink> best;
  std::size_t best_length = 0;
  for (const auto& [prefix, handler] : deep_links_) {
    if (payload.starts_with(prefix) && (!best || prefix.size() > best_length)) {
      best = FoundDeepLink{handler, payload.substr(prefix.size())};
      best_length = prefix.size();
    }
  }
  return best;
}

const Module* Registry::find_module(std::string_view name_or_alias) const {
  std::string wanted = storage::to_lower_ascii(name_or_alias);
  for (const Module& module : modules_) {
    if (!module.in_help) continue;
    if (storage::to_lower_ascii(module.name) == wanted) return &module;
    for (const std::string& alias : module.help_aliases) {
      if (alias == wanted) return &module;
    }
  }
  return nullptr;
}

}  // namespace warden::core
