#pragma once

// Every feature module, each declared by a function that returns its registry entry.

#include "core/registry.h"

namespace warden::modules {

core::Module users_module();
core::Module bot_updates_module();
core::Module admin_module();
core::Module bans_module();
core::Module mutes_module();
core::Module warns_module();
core::Module filters_module();
core::Module notes_module();
core::Module rules_module();
core::Module greetings_module();
core::Module reactions_module();
core::Module formatting_module();
core::Module help_module();

// Registers all modules above and seals the registry.
void register_all(core::Registry& registry);

}  // namespace warden::modules
