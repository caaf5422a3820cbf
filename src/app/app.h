#pragma once

#include "app/config.h"

namespace warden::app {

// Runs the bot until SIGINT or SIGTERM; returns the process exit code.
int run_bot(const Config& config);
// Applies pending migrations and exits.
int run_migrations(const Config& config);

}  // namespace warden::app
