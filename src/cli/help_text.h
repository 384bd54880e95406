// kurl --help: flags grouped by topic, in kurl's own layout (never CLI11's).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "core/result.h"

namespace kurl {

/// One topic of --help: the group name flags set with CLI::Option::group(), and the word
/// `kurl --help TOPIC` takes for it.
struct HelpTopic {
  const char* group;    ///< "TLS and proxies": the heading, and the group its flags join
  const char* key;      ///< "tls": the lower-case first word of the group name
  const char* summary;  ///< what its flags are about, for the list of topics
};

/// The topics, in the order --help all prints them.
const std::vector<HelpTopic>& help_topics();

/// What `kurl --help [TOPIC]` prints for the flags registered on `app`: with no topic a
/// short usage, the most used flags of each topic, the topics and examples; "all" for every
/// flag; a topic's key for its flags. An unknown topic is a usage error naming the topics
/// (and the nearest one, when a typo is likely).
Result<std::string> render_help(CLI::App& app, const std::string& topic);

}  // namespace kurl
