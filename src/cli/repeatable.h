// A CLI11 option that may be given any number of times.
#pragma once

#include <CLI/CLI.hpp>

namespace kurl {

/// One value per occurrence, any number of occurrences, and never the URL that follows.
inline CLI::Option* repeatable(CLI::Option* option) {
  return option->expected(1)->allow_extra_args(false)->multi_option_policy(
      CLI::MultiOptionPolicy::TakeAll);
}

}  // namespace kurl
