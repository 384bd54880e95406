// Pretty JSON for a terminal: simdjson checks the document, then one pass re-indents it.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace kurl {

/// Spaces per level of nesting, as HTTPie indents.
inline constexpr int kJsonIndent = 4;
/// The largest document whose parser buffers are kept for the next one (1 MiB).
inline constexpr size_t kKeptParserBytes = 1 << 20;

/// Re-indents JSON documents. Every string, number and literal keeps its exact text (no
/// re-encoding, so 1.50 stays 1.50); only the whitespace between tokens changes. Colour:
/// keys blue, strings green, numbers cyan, true/false/null magenta. One printer serves a
/// whole run, so simdjson's buffers are reused from one body to the next.
class JsonPretty {
 public:
  /// Appends `document` re-indented, and a newline, to `out`, and returns true; returns
  /// false (and leaves `out` as it was) when simdjson finds it is not one valid JSON
  /// document (a number or string alone is one). `document` may gain capacity (simdjson
  /// reads a few bytes past the end), never other contents. DEL and the C1 controls
  /// (U+0080 to U+009F), which valid JSON may carry raw and a terminal may obey, are
  /// written as \u escapes.
  bool format(std::string& document, bool colour, std::string& out);

 private:
  simdjson::dom::parser parser_;
};

}  // namespace kurl
