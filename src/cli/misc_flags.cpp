#include "cli/misc_flags.h"

namespace kurl {

namespace {

void add_misc_output_flags(CLI::App& app, MiscOptions& m) {
  const char* group = "Output";
  app.add_option("-D,--dump-header", m.dump_header,
                 "Write every response head to FILE ('-' = stdout), as curl does")
      ->group(group)
      ->type_name("FILE");
}

}  // namespace

void add_misc_flags(CLI::App& app, Options& o) {
  add_misc_output_flags(app, o.misc);
}

}  // namespace kurl
