#pragma once

// Brace tokens in stored content: fillings such as {first}, note flags such as {private} and
// the {rules} button tokens. A token is '{', a name of ASCII letters, digits, '_' or ':', '}'.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace warden::text {

// Returns the name of the token that starts with '{' at `at`, or nullopt.
std::optional<std::string_view> brace_token_at(std::string_view text, std::size_t at);

// Removes the tokens for which `remove` returns true (called once per token, in order) from
// rendered HTML. Tokens inside tags, such as in an href, stay. A line that held a removed token
// and is left with only spaces and tabs is removed with its line break, and the result is
// trimmed of surrounding whitespace.
std::string remove_brace_tokens(std::string_view text,
                                const std::function<bool(std::string_view name)>& remove);

}  // namespace warden::text
