// warden: a Telegram group-management bot. See README.md and docs/ for usage.

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/app.h"
#include "app/config.h"

namespace {

int load(warden::app::Config& config) {
  if (auto loaded = warden::app::load_dotenv(".env"); !loaded) {
    std::cerr << "warden: " << loaded.error().message << "\n";
    return 2;
  }
  auto parsed = warden::app::load_config(warden::app::process_environment());
  if (!parsed) {
    std::cerr << "warden: " << parsed.error().message << "\n";
    return 2;
  }
  config = std::move(*parsed);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Warden: a Telegram group-management bot. Configuration comes from environment\n"
               "variables (and a .env file); see docs/configuration.md."};
  cli.set_version_flag("--version", std::string("warden ") + WARDEN_VERSION);
  auto* run = cli.add_subcommand("run", "Serve Telegram (the default when no command is given)");
  auto* check = cli.add_subcommand("check-config", "Validate the configuration and print it");
  auto* migrate = cli.add_subcommand("migrate", "Apply database migrations and exit");
  cli.require_subcommand(0, 1);
  CLI11_PARSE(cli, argc, argv);

  warden::app::Config config;
  if (int code = load(config); code != 0) return code;

  if (check->parsed()) {
    std::cout << warden::app::describe(config);
    if (config.bot_token.empty()) {
      std::cout << "note: BOT_TOKEN is not set; 'warden run' needs it\n";
    }
    return 0;
  }
  if (migrate->parsed()) return warden::app::run_migrations(config);
  (void)run;
  if (config.bot_token.empty()) {
    std::cerr << "warden: BOT_TOKEN is not set. Get a token from @BotFather and run\n"
                 "  BOT_TOKEN=123456:ABC... warden\n"
                 "or try the bot offline with: scripts/demo\n";
    return 2;
  }
  return warden::app::run_bot(config);
}
