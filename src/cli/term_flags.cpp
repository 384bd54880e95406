#include "cli/term_flags.h"

#include <map>
#include <string>

#include "cli/flag_checks.h"

namespace kurl {

namespace {

// "auto", "always" or "never" into `target`; anything else is a usage error naming the flag.
void add_when_option(CLI::App& app, const std::string& name, When& target,
                     const std::string& description) {
  static const std::map<std::string, When> kWords = {
      {"auto", When::Auto}, {"always", When::Always}, {"never", When::Never}};
  app.add_option_function<std::string>(
         name, [&target](const std::string& v) { target = kWords.at(v); }, description)
      ->group("Output")
      ->type_name("WHEN")
      ->check(one_of({"auto", "always", "never"}));
}

}  // namespace

void add_term_flags(CLI::App& app, Options& o) {
  add_when_option(app, "--color", o.term.colour,
                  "Colour heads and JSON: auto (the default: on a terminal), always or never");
  add_when_option(app, "--pretty", o.term.pretty,
                  "Re-indent JSON bodies: auto (the default: on a terminal), always or never");
}

}  // namespace kurl
