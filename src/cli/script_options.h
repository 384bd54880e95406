// What curl scripts rely on beyond kurl's own flags: URL globs (-g), curl's parallel switches
// (-Z, a bare --parallel, --parallel-max, --parallel-immediate) and --compressed.
#pragma once

#include <string>
#include <vector>

namespace kurl {

/// curl's number of transfers at once for -Z / a bare --parallel (--parallel-max's default).
inline constexpr unsigned kCurlParallelDefault = 50;
/// The largest --parallel-max curl takes; a larger value is lowered to it, as curl does.
inline constexpr unsigned kCurlParallelMax = 300;

/// The flags of this group, as given.
struct ScriptOptions {
  bool globoff = false;             ///< -g/--globoff: "[]{}" in URLs are literal
  bool parallel_on = false;         ///< -Z or a bare --parallel: curl's parallel mode
  std::vector<std::string> parallel_values;  ///< each -Z/--parallel: "true" when bare, else N
  unsigned parallel_max = kCurlParallelDefault;  ///< --parallel-max (used with -Z)
  bool parallel_immediate = false;  ///< --parallel-immediate: new connections before pipelining
  bool compressed = false;          ///< --compressed: ask for and decode gzip, deflate, br, zstd
};

}  // namespace kurl
