#pragma once

// UI strings by key and language, loaded from the locale files (YAML, one file per language:
// en.yaml, ...). Nested maps flatten to dotted keys ("bans.banned"). `{name}` placeholders are
// filled from the arguments as given; callers pass HTML-escaped values. A key missing in a
// language falls back to English, and a key missing everywhere renders as the key itself.

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "common/result.h"

namespace warden::core {

using TextArg = std::pair<std::string_view, std::string_view>;
using TextArgs = std::span<const TextArg>;

class Translator {
 public:
  // Loads the locale files compiled into the binary, then those in `directory` if not empty
  // (files there replace compiled ones of the same language).
  static Result<Translator> load(const std::string& directory);

  std::string text(std::string_view language, std::string_view key, TextArgs args = {}) const;

  // text(language, key, "name", value, ...) with the placeholders as alternating arguments.
  // (GCC 12 miscompiles braced argument lists inside coroutines, so callers avoid them.)
  template <typename... Strings>
  std::string format(std::string_view language, std::string_view key,
                     const Strings&... pairs) const {
    static_assert(sizeof...(pairs) % 2 == 0, "placeholder names and values come in pairs");
    std::array<std::string_view, sizeof...(pairs)> flat{std::string_view(pairs)...};
    std::array<TextArg, sizeof...(pairs) / 2> args;
    for (std::size_t i = 0; i < args.size(); ++i) args[i] = {flat[2 * i], flat[2 * i + 1]};
    return text(language, key, TextArgs(args.data(), args.size()));
  }
  bool has(std::string_view key) const;
  std::size_t size(std::string_view language) const;

 private:
  Result<void> add_language(std::string language, std::string_view yaml_text);

  std::unordered_map<std::string, std::unordered_map<std::string, std::string>> strings_;
};

}  // namespace warden::core
