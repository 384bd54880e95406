// Where one request's body goes: standard output, a file, or nowhere (/dev/null).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/url.h"
#include "engine/observer.h"

namespace kurl {

/// Decides each request's destination from -o (in order, the last a template or /dev/null
/// covering every later request), a batch line's "output", -O and --output-dir. Called once
/// a request: it keeps its working strings, so a warm request allocates nothing.
class OutputDestinations {
 public:
  enum class Kind { Stdout, File, Discard };

  OutputDestinations(std::vector<std::string> outputs, std::string output_dir, bool remote_name);

  /// The destination of request `e`; for File and Discard its path goes into `path` (in its
  /// own capacity). A refused path is an error with Kind File: the request fails (23).
  Error choose(const TransferStart& e, Kind& kind, std::string& path);

 private:
  /// True when `path` is the null device: asked once a distinct path, not twice a request.
  bool discards(const std::string& path);
  /// Parses the request's URL into url_, or leaves "/" as its target when it does not parse.
  void parse_request_url(std::string_view text);

  std::vector<std::string> outputs_;
  std::string output_dir_;
  bool remote_name_;
  bool covers_later_requests_;  ///< the last -o is a template or /dev/null
  Url url_;
  std::string host_;            ///< {host}: with a port that is not the scheme's default
  std::string remote_name_scratch_;
  std::string expanded_;        ///< the template, filled in
  std::string last_discarding_path_;
};

}  // namespace kurl
