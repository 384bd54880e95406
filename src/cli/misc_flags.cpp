#include "cli/misc_flags.h"

#include <algorithm>

namespace kurl {

namespace {

void add_misc_output_flags(CLI::App& app, MiscOptions& m) {
  const char* group = "Output";
  app.add_option("-D,--dump-header", m.dump_header,
                 "Write every response head to FILE ('-' = stdout), as curl does")
      ->group(group)
      ->type_name("FILE");
  app.add_flag("-#,--progress-bar", m.progress_bar,
               "Show curl's # progress bar for a single download (on a terminal)")
      ->group(group);
  app.add_option("--trace-ascii", m.trace_ascii,
                 "Dump what is sent and received to FILE ('-' = stdout), as curl does")
      ->group(group)
      ->type_name("FILE");
}

void add_misc_request_flags(CLI::App& app, MiscOptions& m) {
  const char* group = "Requests";
  app.add_flag("-n,--netrc", m.netrc, "Take the host's credentials from ~/.netrc")->group(group);
  app.add_option("--netrc-file", m.netrc_file, "Take the host's credentials from FILE (as -n)")
      ->group(group)
      ->type_name("FILE");
  app.add_flag("--netrc-optional", m.netrc_optional,
               "As -n, but a user:password in the URL wins over ~/.netrc")
      ->group(group);
  app.add_option_function<std::string>(
         "--oauth2-bearer", [&m](const std::string& v) { m.oauth2_bearer = v; },
         "Send 'Authorization: Bearer TOKEN' (wins over -u)")
      ->group(group)
      ->type_name("TOKEN");
  app.add_flag("--basic", m.basic, "Use HTTP Basic authentication (the default)")->group(group);
  app.add_flag("--path-as-is", m.path_as_is, "Send /../ and /./ in the URL path as given")
      ->group(group);
  app.add_flag("-0,--http1.0", m.http10, "Send HTTP/1.0 requests")->group(group);
}

void add_misc_redirect_flags(CLI::App& app, MiscOptions& m) {
  const char* group = "Requests";
  app.add_flag("--location-trusted", m.location_trusted,
               "Like -L, and send -u and --oauth2-bearer to other hosts too")
      ->group(group);
  app.add_flag("--post301", m.post301, "Keep POST after a 301 redirect (else GET)")->group(group);
  app.add_flag("--post302", m.post302, "Keep POST after a 302 redirect (else GET)")->group(group);
  app.add_flag("--post303", m.post303, "Keep POST after a 303 redirect (else GET)")->group(group);
}

void add_misc_reuse_flags(CLI::App& app, MiscOptions& m) {
  app.add_flag("--no-keepalive", m.no_keepalive,
               "No TCP keepalive probes, whatever --tcp-keepalive says (curl's)")
      ->group("Connections");
}

}  // namespace

void settle_misc_flags(const CLI::App& app, Options& o) {
  if (!o.verbose || o.misc.trace_ascii.empty()) return;
  const auto& order = app.parse_order();
  auto last = std::find_if(order.rbegin(), order.rend(), [](const CLI::Option* option) {
    return option->check_lname("verbose") || option->check_lname("trace-ascii");
  });
  if ((*last)->check_lname("verbose")) {
    o.misc.trace_ascii.clear();
  } else {
    o.verbose = false;
  }
}

void add_misc_flags(CLI::App& app, Options& o) {
  add_misc_request_flags(app, o.misc);
  add_misc_output_flags(app, o.misc);
  add_misc_redirect_flags(app, o.misc);
  add_misc_reuse_flags(app, o.misc);
}

}  // namespace kurl
