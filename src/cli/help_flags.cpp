#include "cli/help_flags.h"

#include "cli/help_text.h"

namespace kurl {

void add_help_flags(CLI::App& app, HelpFlagValues& values) {
  app.set_help_flag();  // CLI11's own would print CLI11's layout
  app.add_option("-h,--help", values.topic,
                 "Show the most used flags; TOPIC is all (every flag) or one of the topics "
                 "plain --help lists")
      ->group("General")
      ->type_name("[TOPIC]")
      ->expected(0, 1);
  app.add_flag("-V,--version", values.version,
               "Show kurl's version, its libraries' and its features, and exit")
      ->group("General");
}

bool settle_help_flags(CLI::App& app, const HelpFlagValues& values, ParseOutcome& outcome) {
  if (app.count("--help") > 0) {
    Result<std::string> text = render_help(app, values.topic);
    outcome.action = text ? ParseOutcome::Action::ShowHelp : ParseOutcome::Action::UsageError;
    outcome.text = text ? *text : text.error().message;
    return true;
  }
  if (values.version) {
    outcome.action = ParseOutcome::Action::ShowVersion;  // main prints it: it names the libraries
    return true;
  }
  return false;
}

}  // namespace kurl
