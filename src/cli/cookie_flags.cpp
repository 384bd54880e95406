#include "cli/cookie_flags.h"

#include <CLI/CLI.hpp>

namespace kurl {

void add_cookie_flags(CLI::App& app, Options& o, CookieFlagValues& values) {
  const char* group = "Requests";
  app.add_option("-b,--cookie", values.cookie_arguments,
                 "Send cookies 'NAME=VALUE; N2=V2', or read them from FILE and keep new ones")
      ->group(group)
      ->type_name("DATA|FILE")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("-c,--cookie-jar", o.cookies.jar,
                 "Write all cookies to FILE at the end ('-' = stdout), Netscape format")
      ->group(group)
      ->type_name("FILE")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_flag("-j,--junk-session-cookies", o.cookies.junk_session,
               "Drop the session cookies read from -b files")
      ->group(group);
  app.add_option("--url", values.url_flags, "URL to fetch, as a positional URL (repeatable)")
      ->group(group)
      ->type_name("URL")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

std::string finish_cookie_flags(const CLI::App& app, const CookieFlagValues& values, Options& o) {
  for (const std::string& argument : values.cookie_arguments) {
    if (argument.starts_with('@')) {
      o.cookies.files.push_back(argument.substr(1));
    } else if (argument.find('=') != std::string::npos) {
      o.cookies.literal.push_back(argument);
    } else {
      o.cookies.files.push_back(argument);
    }
  }
  if (!values.url_flags.empty()) {
    std::vector<std::string> positional = std::move(o.urls);
    o.urls.clear();
    size_t next_positional = 0, next_flag = 0;
    for (const CLI::Option* option : app.parse_order()) {
      if (option->get_positional() && next_positional < positional.size()) {
        o.urls.push_back(positional[next_positional++]);
      } else if (option->check_lname("url") && next_flag < values.url_flags.size()) {
        o.urls.push_back(values.url_flags[next_flag++]);
      }
    }
  }
  for (const std::string& file : o.cookies.files) {
    if (file == "-" && o.batch == "-") {
      return "--batch - and -b - both read standard input: give one of them a file";
    }
  }
  return "";
}

}  // namespace kurl
