#pragma once

// The module registry. Each module declares its commands once (name, aliases, who may run
// them, the admin rights needed, whether they can be disabled, the help text key), its button
// callbacks by namespace and its watchers by handler group. Help menus, the bot's command
// menu and the command reference are derived from these declarations.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/command.h"
#include "core/context.h"

namespace warden::core {

enum class Access { kAnyone, kAdmin, kOwner };
enum class Right { kNone, kRestrict, kDelete, kPromote, kPin, kChangeInfo, kInvite };

const char* right_name(Right right);
bool has_right(const telegram::ChatMember& member, Right right);

using CommandHandler = std::function<boost::asio::awaitable<void>(Context&, const CommandCall&)>;

struct Command {
  std::string name;
  std::vector<std::string> aliases;
  Access access = Access::kAnyone;
  Right user_right = Right::kNone;
  Right bot_right = Right::kNone;
  bool bot_admin = false;  // the bot must be an admin even without a specific right
  bool group_only = false;
  bool disableable = false;
  // Anonymous admins get a confirmation button; the admin who presses it runs the command.
  bool anonymous_confirm = false;
  std::string help_key;  // locale key of the one-line description
  // Content watchers (locks, blacklists, filters) also see the command's message when set;
  // by default a recognised command is not passed to them.
  bool continue_watchers = false;
  CommandHandler handler;
};

// An admin command in groups whose help line is the locale key "<module_key>.help_<name>".
// When `right` is set the caller needs it and an anonymous admin confirms with a button.
Command admin_command(std::string_view module_key, std::string name, CommandHandler handler,
                      Right right = Right::kNone);

// Callback data: "<namespace>|v1|<key=value&...>", keys sorted, at most 64 bytes.
struct CallbackData {
  std::string name_space;
  std::map<std::string, std::string> fields;

  std::string get(const std::string& key) const;
  std::optional<std::int64_t> get_int(const std::string& key) const;
};
std::optional<CallbackData> parse_callback_data(std::string_view data);
// Returns nothing when the result would exceed Telegram's 64-byte limit.
std::optional<std::string> make_callback_data(std::string_view name_space,
                                              const std::map<std::string, std::string>& fields);

using CallbackHandler = std::function<boost::asio::awaitable<void>(Context&, const CallbackData&)>;

// Handles "/start <prefix><rest>" in a private chat; gets <rest>.
using DeepLinkHandler = std::function<boost::asio::awaitable<void>(Context&, std::string_view)>;

enum class Flow { kContinue, kStop };
using Watcher = std::function<boost::asio::awaitable<Flow>(Context&)>;

struct WatcherSpec {
  // Groups below 0 run before commands (tracking, captcha), 0 and above after them.
  int group = 0;
  std::vector<telegram::UpdateKind> kinds;
  Watcher handler;
};

struct Module {
  std::string name;      // shown in help, e.g. "Bans"
  std::string help_key;  // locale key of the module's help page
  int priority = 100;    // registration order: lower first
  bool in_help = true;
  std::vector<std::string> help_aliases;
  std::vector<Command> commands;
  std::map<std::string, CallbackHandler> callbacks;
  std::vector<WatcherSpec> watchers;
  // Buttons shown on the module's help page above Back: the locale key of the label and the
  // callback data, such as the pages of the formatting help.
  std::vector<std::pair<std::string, std::string>> help_buttons;
  // Deep link payload prefixes such as "rules_", with their handlers.
  std::map<std::string, DeepLinkHandler> deep_links;
};

class Registry {
 public:
  void add(Module module);
  // Call after the last add(); sorts modules and watchers.
  void seal();

  struct Found {
    const Module* module;
    const Command* command;
  };
  std::optional<Found> find_command(std::string_view name) const;
  const CallbackHandler* find_callback(std::string_view name_space) const;
  // The handler of the longest deep link prefix that `payload` starts with, and the payload
  // after that prefix.
  struct FoundDeepLink {
    const DeepLinkHandler* handler;
    std::string_view rest;
  };
  std::optional<FoundDeepLink> find_deep_link(std::string_view payload) const;
  const Module* find_module(std::string_view name_or_alias) const;
  const std::vector<Module>& modules() const { return modules_; }

  struct OrderedWatcher {
    int group;
    const WatcherSpec* spec;
  };
  const std::vector<OrderedWatcher>& watchers() const { return watchers_; }

 private:
  std::vector<Module> modules_;
  std::map<std::string, Found, std::less<>> commands_;
  std::map<std::string, const CallbackHandler*, std::less<>> callbacks_;
  std::map<std::string, const DeepLinkHandler*, std::less<>> deep_links_;
  std::vector<OrderedWatcher> watchers_;
};

}  // namespace warden::core
