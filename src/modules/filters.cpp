#include "modules/modules.h"

namespace warden::modules {

// TODO: being written; the module has no commands yet.
core::Module filters_module() {
  core::Module module;
  module.name = "Filters";
  module.priority = 140;
  module.in_help = false;
  return module;
}

}  // namespace warden::modules
