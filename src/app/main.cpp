// warden: a Telegram group-management bot. See README.md and docs/ for usage.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "app/app.h"
#include "app/command_reference.h"
#include "app/config.h"
#include "modules/modules.h"

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

// Replaces this process with the offline demo (tools/demo/demo.mjs under Node.js), which starts
// the Telegram emulator and this binary against it.
int run_demo(const std::string& script) {
  const char* override_dir = std::getenv("WARDEN_SOURCE_DIR");
  std::filesystem::path source = override_dir ? override_dir : WARDEN_SOURCE_DIR;
  std::filesystem::path demo = source / "tools" / "demo" / "demo.mjs";
  if (!std::filesystem::exists(demo)) {
    std::cerr << "warden: the demo needs the source tree; " << demo.string()
              << " was not found (set WARDEN_SOURCE_DIR to the repository)\n";
    return 2;
  }
  std::error_code error;
  std::string self = std::filesystem::read_symlink("/proc/self/exe", error).string();
  std::vector<std::string> args = {"node", demo.string(), "--warden", self};
  if (!script.empty()) {
    args.push_back("--script");
    args.push_back(script);
  }
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  execvp("node", argv.data());
  std::cerr << "warden: cannot start node for the demo: " << std::strerror(errno)
            << " (install Node.js, for example with scripts/install-deps)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{
      "Warden: a Telegram group-management bot. Configuration comes from environment\n"
      "variables (and a .env file); see docs/configuration.md."};
  cli.set_version_flag("--version", std::string("warden ") + WARDEN_VERSION);
  auto* run = cli.add_subcommand("run", "Serve Telegram (the default when no command is given)");
  auto* check = cli.add_subcommand("check-config", "Validate the configuration and print it");
  auto* migrate = cli.add_subcommand("migrate", "Apply database migrations and exit");
  auto* commands =
      cli.add_subcommand("commands", "Print the command reference (docs/commands.md) as Markdown");
  auto* demo = cli.add_subcommand("demo", "Try the bot offline against a simulated Telegram");
  std::string script;
  demo->add_option("--script", script,
                   "Replay the demo commands in FILE instead of reading the console")
      ->check(CLI::ExistingFile);
  cli.require_subcommand(0, 1);
  CLI11_PARSE(cli, argc, argv);

  if (demo->parsed()) return run_demo(script);
  if (commands->parsed()) {
    warden::core::Registry registry;
    warden::modules::register_all(registry);
    auto translator = warden::core::Translator::load("");
    if (!translator) {
      std::cerr << "warden: " << translator.error().message << "\n";
      return 1;
    }
    std::cout << warden::app::command_reference(registry, *translator);
    return 0;
  }
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
    std::cerr << "warden: BOT_TOKEN is not set, so Telegram cannot be served. Get a token from\n"
                 "@BotFather and start again with BOT_TOKEN=123456:ABC... set, or try the bot\n"
                 "offline with: warden demo\n";
    return 2;
  }
  return warden::app::run_bot(config);
}
