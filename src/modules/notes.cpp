#include "modules/modules.h"

namespace warden::modules {

// TODO: being written; the module has no commands yet.
core::Module notes_module() {
  core::Module module;
  module.name = "Notes";
  module.priority = 160;
  module.in_help = false;
  return module;
}

}  // namespace warden::modules
