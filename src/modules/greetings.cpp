#include "modules/modules.h"

namespace warden::modules {

// TODO: being written; the module has no commands yet.
core::Module greetings_module() {
  core::Module module;
  module.name = "Greetings";
  module.priority = 210;
  module.in_help = false;
  return module;
}

}  // namespace warden::modules
