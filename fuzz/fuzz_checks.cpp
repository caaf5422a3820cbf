#include "fuzz_checks.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "text/html_check.h"

namespace warden::fuzz {

void require(bool condition, std::string_view invariant, std::string_view detail) {
  if (condition) return;
  std::fprintf(stderr, "invariant failed: %.*s\n%.*s\n", static_cast<int>(invariant.size()),
               invariant.data(), static_cast<int>(detail.size()), detail.data());
  std::abort();
}

void require_valid_html(std::string_view html, std::string_view source) {
  const std::optional<std::string> error = text::find_html_error(html);
  if (!error) return;
  const std::string detail =
      *error + "\nhtml: " + std::string(html) + "\nfrom: " + std::string(source);
  require(false, "output is valid Telegram HTML", detail);
}

}  // namespace warden::fuzz
