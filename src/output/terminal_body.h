// A response body on its way to a terminal: refused when it looks binary, held and
// re-indented when it is JSON (--pretty), else passed through as received.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "output/binary_check.h"
#include "output/held_output.h"

namespace kurl {

class JsonPretty;

/// The largest body --pretty holds to re-indent (8 MiB, documented in kurl(1)): held bodies
/// of all requests together stay under it; a body that does not fit is written as received.
inline constexpr size_t kPrettyBodyLimit = 8 * 1024 * 1024;

/// curl's words, for kurl: said once a run, on standard error, when a body is refused.
inline constexpr std::string_view kBinaryWarning =
    "Warning: Binary output can mess up your terminal. Use \"--output -\" to tell kurl to "
    "output it to your terminal anyway, or consider \"--output <FILE>\" to save to a file.\n";

/// What the run does for a person at a terminal, decided once (output/terminal_setup).
struct TerminalSettings {
  bool colour_stdout = false;  ///< -i heads and pretty JSON on standard output in colour
  bool colour_stderr = false;  ///< -v heads in colour
  bool pretty = false;         ///< JSON bodies on standard output re-indented
  bool refuse_binary = false;  ///< standard output is a terminal and no "-o -" forces it
  bool warn = false;           ///< the binary warning may be shown (no -s)
  /// True when bodies bound for standard output need a TerminalBody at all.
  bool shapes_bodies() const { return pretty || refuse_binary; }
};

/// True for a JSON media type: application/json, text/json, or any type ending in "+json"
/// (parameters such as "; charset=utf-8" ignored).
bool is_json_media_type(std::string_view content_type);

/// One body's way to standard output. Plain data, reused from request to request.
class TerminalBody {
 public:
  /// What to do with the bytes just fed.
  enum class Step {
    Pass,     ///< write them as they are
    Held,     ///< nothing to write now
    Release,  ///< write held(), then them, then call forget_held(): the body goes raw on
    Refused,  ///< the body looks binary: write nothing of it, ever (said once per request)
    Dropped,  ///< refused before: write nothing
  };

  /// A final response's body starts; `content_type` from its head.
  void start(const TerminalSettings& settings, std::optional<std::string_view> content_type);
  /// True between start() and finish() or reset().
  bool engaged() const { return mode_ != Mode::Off; }
  Step feed(std::string_view bytes, HeldMemoryBudget& budget);
  /// The body ended (or --retry starts over): what is still held, re-indented by `printer`
  /// when it is one valid JSON document, else as received; `reindent` false keeps it raw.
  /// The view lives until the next call; then the body is over.
  std::string_view finish(JsonPretty* printer, bool reindent, HeldMemoryBudget& budget);
  std::string_view held() const { return held_; }
  void forget_held(HeldMemoryBudget& budget);
  /// Forgets the body, keeping memory for the next.
  void reset(HeldMemoryBudget& budget);

 private:
  /// Off: not engaged. Raw: pass through. Sniff: leading white space held until the first
  /// byte says whether it is JSON. Json: held for the re-indent. Refused: binary.
  enum class Mode { Off, Raw, Sniff, Json, Refused };

  Step hold(std::string_view bytes, HeldMemoryBudget& budget);
  Step sniff(std::string_view bytes, HeldMemoryBudget& budget);

  Mode mode_ = Mode::Off;
  bool colour_ = false;
  bool check_binary_ = false;
  BinaryCheck binary_;
  std::string held_;
  std::string pretty_;
};

}  // namespace kurl
