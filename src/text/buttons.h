#pragma once

// URL buttons written in stored content: [Name](buttonurl://URL) starts a new row and
// [Name](buttonurl://URL:same) joins the previous button's row. Also the {rules} tokens that
// ask for a button to the chat's rules.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

namespace warden::text {

// One inline keyboard URL button.
struct Button {
  std::string text;
  std::string url;

  bool operator==(const Button&) const = default;
};

using ButtonRows = std::vector<std::vector<Button>>;

// A button left out of the keyboard, to report to the admin who wrote it.
struct ButtonProblem {
  std::string name;
  std::string url;     // as written
  std::string reason;  // a sentence for the admin, see describe()

  bool operator==(const ButtonProblem&) const = default;
};

enum class ButtonUrlError { kEmpty, kContainsSpace, kSchemeNotAllowed, kInvalidHost, kTooLong };

// A sentence for the admin that states what is wrong and what to write instead.
std::string describe(ButtonUrlError error);

// Button URLs longer than this are rejected.
inline constexpr std::size_t kMaxButtonUrlBytes = 2048;

// The target of a button link after "buttonurl:" or "buttonurl://".
struct ButtonTarget {
  std::string url;  // as written, leading '/' and the ":same" suffix removed
  bool same_row = false;
};

// Returns true when a link target (the part in parentheses) is a button: it starts with
// "buttonurl:", in any letter case, optionally followed by a "#style" before the ':'.
bool is_button_target(std::string_view link_target);

// Splits a button link target. The "#primary"-style suffix of "buttonurl" is accepted and
// discarded. Requires is_button_target(link_target).
ButtonTarget parse_button_target(std::string_view link_target);

// Checks a button URL and returns it in the form to send: http, https and tg:// URLs with a
// host are accepted, and a URL written without a scheme gets "https://" (so "example.com"
// becomes "https://example.com").
tl::expected<std::string, ButtonUrlError> normalize_button_url(std::string_view url);

// Appends a button: to the last row when `same_row` and a row exists, else as a new row.
// NOTE: Telegram's limits on buttons per row and per keyboard are not checked here.
void add_button(ButtonRows& rows, Button button, bool same_row);

// Writes rows back as markdown lines, one button per line, "[Name](buttonurl://URL)" for the
// first button of a row and "[Name](buttonurl://URL:same)" for the others. Rendering the
// result with buttons allowed yields the same rows.
std::string buttons_to_markdown(const ButtonRows& rows);

// Where the caller adds the rules button that a {rules} token requests.
enum class RulesButtonPosition {
  kNewLastRow,  // {rules}
  kSameRow,     // {rules:same}: on the last row
  kFirstRow,    // {rules:up}: a new row above the others
};

struct RulesTokens {
  std::string text;  // the input with every rules token removed
  // The first token's position; nullopt when the text has no token.
  std::optional<RulesButtonPosition> position;
};

// Removes {rules}, {rules:same} and {rules:up} tokens. A line left empty by the removal is
// removed too, and the result is trimmed.
RulesTokens extract_rules_tokens(std::string_view text);

// Adds the rules button at the position a rules token requests.
void place_rules_button(ButtonRows& rows, Button button, RulesButtonPosition position);

}  // namespace warden::text
