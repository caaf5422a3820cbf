#pragma once

// Invariant checks shared by the fuzz targets: a failed check prints what failed and aborts, so
// libFuzzer records the input as a crash.

#include <string_view>

namespace warden::fuzz {

void require(bool condition, std::string_view invariant, std::string_view detail = {});

// Requires HTML that find_html_error accepts.
void require_valid_html(std::string_view html, std::string_view source);

}  // namespace warden::fuzz
