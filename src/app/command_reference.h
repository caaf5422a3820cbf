#pragma once

#include <string>

#include "core/i18n.h"
#include "core/registry.h"

namespace warden::app {

// Renders docs/commands.md from the module registry, so the reference cannot drift from the code.
std::string command_reference(const core::Registry& registry, const core::Translator& translator);

}  // namespace warden::app
