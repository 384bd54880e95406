// Parsing one batch line into a RequestSpec: plain text or one JSON object.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "engine/request_spec.h"

namespace kurl {

/// The two batch input formats.
enum class BatchFormat { Text, JsonLines };

/// What a line turned out to be.
enum class LineKind { Request, Skip };

/// Parses batch lines; keeps the JSON parser's buffers between lines.
class BatchLineParser {
 public:
  /// Parses `line` (without its newline) into `spec`. Blank lines and "#" comments are Skip.
  /// A malformed line is a Request whose spec.error says why (exit 3), so it is reported as a
  /// failed request with its line number while the rest of the batch runs.
  LineKind parse(std::string_view line, BatchFormat format, RequestSpec& spec);

 private:
  LineKind parse_text(std::string_view line, RequestSpec& spec);
  LineKind parse_json(std::string_view line, RequestSpec& spec);

  simdjson::ondemand::parser json_;
  std::string padded_;  ///< the line plus simdjson's padding, reused between lines
};

}  // namespace kurl
