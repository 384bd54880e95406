// What the config files (-K/--config, the default kurlrc) leave behind once their lines have
// become command-line words (cli/config_file.h).
#pragma once

namespace kurl {

/// Facts about the config files read, for the checks after parsing.
struct ConfigOptions {
  bool read_stdin = false;  ///< a "-K -" read standard input, so nothing else may
};

}  // namespace kurl
