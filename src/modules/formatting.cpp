#include "modules/modules.h"

namespace warden::modules {

// TODO: being written; the module has no commands yet.
core::Module formatting_module() {
  core::Module module;
  module.name = "Formatting";
  module.priority = 260;
  module.in_help = false;
  return module;
}

}  // namespace warden::modules
