// One response body on its way to a file: complete under its final name, or not there.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace kurl {

/// Writes one body to `path`. A regular file (or a new one) is written to a temporary name
/// beside the file that will be replaced and renamed over it only when complete; a symlink
/// is written through (the rename replaces its final target, the link stays); an existing
/// file keeps its mode; a file this user may not write is an error (23), never replaced.
/// FIFOs, devices and other existing non-regular files are written directly.
/// Plain data: movable, no destructor; the owner calls finish() before forgetting it.
class FileOutput {
 public:
  /// Opens the output for request `index` (which names the temporary file), creating the
  /// missing parent directories first with `create_dirs`. With `append` (-C resuming) the
  /// bytes go straight onto the end of `path`, as curl writes them: what is there stays a
  /// prefix of the whole body whatever happens. Errors: exit 23 naming `path`.
  Error open(const std::string& path, uint64_t index, bool create_dirs, bool append = false);
  /// Appends to the open file. Errors: exit 23 naming the path.
  Error write(std::string_view bytes);
  /// Drops what was written since open() (a --retry attempt starts again, as curl truncates
  /// its output file): the file is back to its size at open(). A FIFO or device keeps what
  /// it got, as standard output does. Errors: exit 23 naming the path.
  Error start_over();
  /// Closes the file; with `keep` renames it into place, else removes the temporary file.
  /// True in `kept` when the file is complete under its final name.
  Error finish(bool keep, bool& kept);
  /// Forgets a finished output, keeping the strings' memory for the next request.
  void reset();

 private:
  Error open_direct(int extra_flags = 0);
  /// `replaced`: the file the temporary one will replace, null when there is none.
  Error open_temporary(uint64_t index, const struct stat* replaced);
  void create_parent_directories();

  std::string path_;       ///< as given, for messages
  std::string target_;     ///< the file replaced: the end of the symlink chain
  std::string temp_path_;  ///< where the bytes go until complete; "" = written directly
  int fd_ = -1;
  bool truncatable_ = false;  ///< a regular file: start_over() can cut it back
  uint64_t size_at_open_ = 0;   ///< -C appends after this many bytes
  std::string last_parent_made_;  ///< --create-dirs made (or found) it: kept across reset()
};

}  // namespace kurl
