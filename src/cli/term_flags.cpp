#include "cli/term_flags.h"

#include <map>
#include <string>

namespace kurl {

namespace {

// "auto", "always" or "never" into `target`; anything else is a usage error naming the flag.
CLI::Option* add_when_option(CLI::App& app, const std::string& name, When& target,
                             const std::string& description) {
  static const std::map<std::string, When> kWords = {
      {"auto", When::Auto}, {"always", When::Always}, {"never", When::Never}};
  return app
      .add_option_function<std::string>(
          name, [&target](const std::string& v) { target = kWords.at(v); }, description)
      ->group("Output")
      ->type_name("WHEN")
      ->check([name](const std::string& v) {
        return kWords.count(v) ? std::string()
                               : name + ": expected auto, always or never, got '" + v + "'";
      });
}

}  // namespace

void add_term_flags(CLI::App& app, Options& o) {
  add_when_option(app, "--color", o.term.colour,
                  "Colour -i and -v heads and JSON: auto (on a terminal, unless NO_COLOR), "
                  "always, never");
  add_when_option(app, "--pretty", o.term.pretty,
                  "Indent and colour JSON bodies: auto (stdout is a terminal), always, never");
}

}  // namespace kurl
