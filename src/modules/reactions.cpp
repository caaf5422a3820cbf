#include "modules/modules.h"

namespace warden::modules {

// TODO: being written; the module has no commands yet.
core::Module reactions_module() {
  core::Module module;
  module.name = "Reactions";
  module.priority = 250;
  module.in_help = false;
  return module;
}

}  // namespace warden::modules
