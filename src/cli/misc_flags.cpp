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

void add_misc_request_flags(CLI::App& app, MiscOptions& m) {
  const char* group = "Request";
  app.add_flag("-n,--netrc", m.netrc, "Take the host's credentials from ~/.netrc")->group(group);
  app.add_option("--netrc-file", m.netrc_file, "Take the host's credentials from FILE (as -n)")
      ->group(group)
      ->type_name("FILE");
  app.add_flag("--netrc-optional", m.netrc_optional,
               "As -n, but a user:password in the URL wins over ~/.netrc")
      ->group(group);
}

}  // namespace

void add_misc_flags(CLI::App& app, Options& o) {
  add_misc_request_flags(app, o.misc);
  add_misc_output_flags(app, o.misc);
}

}  // namespace kurl
