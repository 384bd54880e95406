// The command line's request body beyond -d: forms, uploads and -G, as plain data.
#pragma once

#include <string>
#include <vector>

namespace kurl {

/// One -F/--form or --form-string argument, as given.
struct FormArgument {
  bool literal = false;  ///< --form-string: no @file or <file, no ;type=
  std::string value;     ///< name=content
};

/// -F, --form-string, -T and -G.
struct BodyOptions {
  std::vector<FormArgument> forms;  ///< in command-line order
  std::string upload_file;          ///< -T FILE, "-" = standard input, "" = none
  bool get = false;                 ///< -G: the -d data goes into the URL's query, method GET
};

}  // namespace kurl
