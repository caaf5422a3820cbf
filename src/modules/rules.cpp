#include "modules/modules.h"

namespace warden::modules {

// TODO: being written; the module has no commands yet.
core::Module rules_module() {
  core::Module module;
  module.name = "Rules";
  module.priority = 190;
  module.in_help = false;
  return module;
}

}  // namespace warden::modules
